package dev.kdlab.exercises.checks;

import dev.kdlab.exercises.Exercises;
import dev.kdlab.exercises.Lab;
import dev.kdlab.exercises.Reads;
import dev.kdlab.exercises.Truth;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.scenario.Anomaly;
import dev.kdlab.scenario.Injection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The anomaly labs. Each checker finds the anomaly from the bytes alone, by the cross-view the lab teaches,
 * and then holds its finding to the injection record: a lab whose injection drifted from what the bytes
 * show fails at start (and in its test), never grades against a stale record.
 */
public final class AnomalyChecks {
    private AnomalyChecks() {
    }

    public static void define(Exercises.Definitions d) {
        d.add("l5-hidden-process", Anomaly.HIDDEN_PROCESS, AnomalyChecks::hiddenProcess);
        d.add("l5-stolen-token", Anomaly.STOLEN_TOKEN, AnomalyChecks::stolenToken);
        d.add("l5-ppid-spoof", Anomaly.SPOOFED_PARENT, AnomalyChecks::spoofedParent);
        d.add("l5-thread-outside-modules", Anomaly.THREAD_OUTSIDE_MODULES, AnomalyChecks::threadOutsideModules);
        d.add("l5-hollowed", Anomaly.HOLLOWED_PROCESS, AnomalyChecks::hollowed);
        d.add("l5-injected-dll", Anomaly.INJECTED_DLL, AnomalyChecks::injectedDll);
        d.add("l5-hooked-object-type", Anomaly.HOOKED_OBJECT_TYPE, AnomalyChecks::hookedObjectType);
    }

    private static void confirm(boolean agrees, Injection injection) {
        if (!agrees) {
            throw new IllegalStateException("the bytes do not show the injected " + injection);
        }
    }

    /** The processes in PspCidTable: every entry whose object's DISPATCHER_HEADER.Type is 3. */
    static List<Long> cidProcesses(Reads r) {
        VirtualMemory kernel = r.kernel();
        long table = kernel.readLong(r.symbolQuietly("PspCidTable"));
        long tableCode = r.peek(kernel, "_HANDLE_TABLE", table, "TableCode");
        long next = r.peek(kernel, "_HANDLE_TABLE", table, "NextHandleNeedingPool");
        List<Long> processes = new ArrayList<>();
        for (long handle = 4; handle < next; handle += 4) {
            long index = handle / 4;
            long base = tableCode & ~3L;
            long entry = switch ((int) (tableCode & 3)) {
                case 0 -> base + index * 0x10;
                case 1 -> kernel.readLong(base + index / 0x100 * 8) + index % 0x100 * 0x10;
                default -> kernel.readLong(kernel.readLong(base + index / 0x20000 * 8) + index / 0x100 % 0x200 * 8)
                        + index % 0x100 * 0x10;
            };
            long low = kernel.readLong(entry);
            long object = (low >> 20) << 4;
            if (low != 0 && object != 0 && Reads.readable(kernel, object) && kernel.readByte(object) == 3) {
                processes.add(object);
            }
        }
        return processes;
    }

    static Truth hiddenProcess(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        Set<Long> listed = new HashSet<>(m.processes());
        List<Long> cid = cidProcesses(r);
        r.note("PspCidTable: %d entries whose object has DISPATCHER_HEADER.Type 3 (process)", cid.size());
        List<Long> hidden = cid.stream().filter(e -> !listed.contains(e)).toList();
        confirm(hidden.size() == 1 && hidden.get(0) == lab.injected().eprocess(), lab.injected());
        long eprocess = hidden.get(0);
        r.note("in the CID table but not on the active list: %s", Reads.address(eprocess));
        String name = r.ansi("_EPROCESS", eprocess, "ImageFileName");
        long pid = r.field("_EPROCESS", eprocess, "UniqueProcessId");
        long links = r.field("_EPROCESS", eprocess, "ActiveProcessLinks.Flink");
        r.note("its ActiveProcessLinks.Flink points at itself (%s): unlinked", Reads.address(links));
        int threads = m.threads(eprocess).size();
        confirm(threads > 0 && pid == lab.injected().processId(), lab.injected());
        return Truth.builder(r).name("the image name", name).hex("the PID", pid)
                .near(eprocess, "That is its EPROCESS; the PID is UniqueProcessId.")
                .build();
    }

    static Truth stolenToken(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        List<Long> processes = m.processes();
        long system = m.identify(processes.get(0));
        long systemToken = m.token(system);
        List<Long> sharing = new ArrayList<>();
        for (long e : processes.subList(1, processes.size())) {
            if ((r.peek(m.kernel, "_EPROCESS", e, "Token") & ~Machine.FAST_REF_COUNT) == systemToken) {
                sharing.add(e);
            }
        }
        confirm(sharing.size() == 1 && sharing.get(0) == lab.injected().eprocess(), lab.injected());
        long victim = m.identify(sharing.get(0));
        long token = m.token(victim);
        r.note("the same token object as System's: every process should have its own");
        confirm(token == lab.injected().address(), lab.injected());
        return Truth.builder(r).hex("the PID", m.pid(victim))
                .near(4, "PID 4 is System itself: the token belongs there; find the other process that uses it.")
                .hex("the token address", token)
                .fastRefCount(token)
                .near(victim, "That is the EPROCESS; the token object is what its Token field points at (masked).")
                .build();
    }

    static Truth spoofedParent(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        List<Long> processes = m.processes();
        List<Long> impossible = new ArrayList<>();
        long claimed = 0;
        for (long child : processes) {
            long parentPid = r.peek(m.kernel, "_EPROCESS", child, "InheritedFromUniqueProcessId");
            for (long parent : processes) {
                if (m.pid(parent) == parentPid && m.createTime(parent) > m.createTime(child)) {
                    impossible.add(child);
                    claimed = parent;
                }
            }
        }
        confirm(impossible.size() == 1 && impossible.get(0) == lab.injected().eprocess(), lab.injected());
        long child = m.identify(impossible.get(0));
        long parentPid = r.field("_EPROCESS", child, "InheritedFromUniqueProcessId");
        m.identify(claimed);
        long childCreated = r.field("_EPROCESS", child, "CreateTime");
        long parentCreated = r.field("_EPROCESS", claimed, "CreateTime");
        r.note("the claimed parent was created %s ticks after its child: it cannot have created it",
                Reads.hex(parentCreated - childCreated));
        confirm(parentPid == lab.injected().other(), lab.injected());
        return Truth.builder(r).hex("the child's PID", m.pid(child))
                .near(parentPid, "That is the claimed parent; the question asks for the child whose claim is "
                        + "impossible.")
                .build();
    }

    static Truth threadOutsideModules(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        long host = lab.injected().eprocess();
        m.identify(host);
        long peb = r.field("_EPROCESS", host, "Peb");
        VirtualMemory space = r.processSpace(host);
        List<Machine.Module> modules = m.userModules(space, peb);
        r.note("%d modules on the process's InLoadOrderModuleList", modules.size());
        List<Long> outside = new ArrayList<>();
        for (long thread : m.threads(host)) {
            long start = r.peek(m.kernel, "_ETHREAD", thread, "Win32StartAddress");
            if (modules.stream().noneMatch(x -> x.contains(start))) {
                outside.add(thread);
            }
        }
        confirm(outside.size() == 1 && outside.get(0) == lab.injected().other(), lab.injected());
        long thread = outside.get(0);
        long tid = r.field("_ETHREAD", thread, "Cid.UniqueThread");
        long start = r.field("_ETHREAD", thread, "Win32StartAddress");
        r.note("%s is in none of the modules' [DllBase, DllBase + SizeOfImage) ranges", Reads.address(start));
        confirm(start == lab.injected().address(), lab.injected());
        long pid = m.pid(host);
        return Truth.builder(r).parameter("image", m.name(host)).parameter("pid", pid)
                .hex("the TID", tid)
                .near(pid, "That is the process's id; the thread's is Cid.UniqueThread.")
                .near(thread, "That is the ETHREAD; the TID is Cid.UniqueThread.")
                .hex("the start address", start)
                .near(r.peek(m.kernel, "_ETHREAD", thread, "StartAddress"), "That is StartAddress, "
                        + "ntdll!RtlUserThreadStart for every user thread; the creator's is Win32StartAddress.")
                .build();
    }

    static Truth hollowed(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        List<Long> differing = new ArrayList<>();
        for (long e : m.processes()) {
            long peb = r.peek(m.kernel, "_EPROCESS", e, "Peb");
            if (peb != 0 && r.peek(m.spaceQuietly(e), "_PEB", peb, "ImageBaseAddress")
                    != r.peek(m.kernel, "_EPROCESS", e, "SectionBaseAddress")) {
                differing.add(e);
            }
        }
        r.note("for every process with a PEB: PEB.ImageBaseAddress (in its context) against SectionBaseAddress");
        confirm(differing.size() == 1 && differing.get(0) == lab.injected().eprocess(), lab.injected());
        long victim = m.identify(differing.get(0));
        long section = r.field("_EPROCESS", victim, "SectionBaseAddress");
        long peb = r.field("_EPROCESS", victim, "Peb");
        VirtualMemory space = r.processSpace(victim);
        long base = r.field(space, "_PEB", peb, "ImageBaseAddress");
        int m0 = space.readByte(base);
        int m1 = space.readByte(base + 1);
        r.note("the bytes at %s: %c%c, a PE image's headers, in memory the image section did not map",
                Reads.address(base), (char) m0, (char) m1);
        confirm(m0 == 'M' && m1 == 'Z' && base == lab.injected().address(), lab.injected());
        return Truth.builder(r).hex("the PID", m.pid(victim))
                .hex("where the running code begins", base)
                .near(section, "That is SectionBaseAddress, where the kernel mapped the image the name claims; the "
                        + "code that runs begins where the PEB now points.")
                .near(peb, "That is the PEB itself; its ImageBaseAddress field is what the loader runs.")
                .build();
    }

    /** The procedures of an _OBJECT_TYPE_INITIALIZER (layouts-19041), each a pointer to code in nt. */
    private static final List<String> PROCEDURES = List.of("DumpProcedure", "OpenProcedure", "CloseProcedure",
            "DeleteProcedure", "ParseProcedure", "SecurityProcedure", "QueryNameProcedure", "OkayToCloseProcedure");

    static Truth hookedObjectType(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        Machine.Module nt = m.kernelModules().get(0);
        r.note("nt (the first entry of nt!PsLoadedModuleList): %s - %s", Reads.address(nt.base()),
                Reads.address(nt.base() + nt.size()));
        long table = r.symbol("ObTypeIndexTable");
        List<long[]> hooks = new ArrayList<>();   // {type, procedure index, target}
        for (int index = 2; m.kernel.readLong(table + index * 8L) != 0; index++) {
            long type = m.kernel.readLong(table + index * 8L);
            for (int p = 0; p < PROCEDURES.size(); p++) {
                long target = r.peek(m.kernel, "_OBJECT_TYPE", type, "TypeInfo." + PROCEDURES.get(p));
                if (target != 0 && !nt.contains(target)) {
                    hooks.add(new long[] {type, p, target});
                }
            }
        }
        r.note("every type in nt!ObTypeIndexTable: each TypeInfo procedure that is set must lie in nt");
        confirm(hooks.size() == 1 && hooks.get(0)[0] == lab.injected().eprocess(), lab.injected());
        long[] hook = hooks.get(0);
        String name = r.unicode(m.kernel, "_OBJECT_TYPE", hook[0], "Name");
        String procedure = "TypeInfo." + PROCEDURES.get((int) hook[1]);
        long target = r.field("_OBJECT_TYPE", hook[0], procedure);
        r.note("%s is outside nt: the hook", Reads.address(target));
        confirm(target == lab.injected().address(), lab.injected());
        return Truth.builder(r).name("the object type", name)
                .hex("where the hooked procedure points", target)
                .near(hook[0] + r.offset("_OBJECT_TYPE", procedure), "That is where the pointer is kept (the "
                        + "_OBJECT_TYPE's field); give where it points.")
                .near(hook[0], "That is the _OBJECT_TYPE; give where its hooked procedure points.")
                .build();
    }

    /** _MI_VAD_TYPE VadImageMap (layouts-19041/_MI_VAD_TYPE.txt). */
    private static final long VAD_IMAGE_MAP = 2;

    /** The image VADs of a process as {start address, VAD}: the AVL tree under EPROCESS.VadRoot, read quietly. */
    static List<long[]> imageVads(Machine m, long eprocess) {
        Reads r = m.r;
        List<long[]> found = new ArrayList<>();
        List<Long> pending = new ArrayList<>();
        long root = r.peek(m.kernel, "_EPROCESS", eprocess, "VadRoot.Root");
        if (root != 0) {
            pending.add(root);
        }
        while (!pending.isEmpty() && found.size() < Reads.MAX_LINKS) {
            long node = pending.remove(pending.size() - 1);
            for (String child : List.of("Left", "Right")) {
                long next = r.peek(m.kernel, "_RTL_BALANCED_NODE", node, child);
                if (next != 0) {
                    pending.add(next);
                }
            }
            if (r.peek(m.kernel, "_MMVAD_SHORT", node, "u.VadFlags.VadType") == VAD_IMAGE_MAP) {
                long vpn = r.peek(m.kernel, "_MMVAD_SHORT", node, "StartingVpn")
                        | r.peek(m.kernel, "_MMVAD_SHORT", node, "StartingVpnHigh") << 32;
                found.add(new long[] {vpn << 12, node});
            }
        }
        return found;
    }

    static Truth injectedDll(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        long victim = lab.injected().eprocess();
        m.identify(victim);
        long peb = r.field("_EPROCESS", victim, "Peb");
        VirtualMemory space = r.processSpace(victim);
        Set<Long> loaded = new HashSet<>();
        m.userModules(space, peb).forEach(x -> loaded.add(x.base()));
        r.note("%d DllBase values on the loader's InLoadOrderModuleList", loaded.size());
        r.field("_EPROCESS", victim, "VadRoot.Root");
        List<long[]> images = imageVads(m, victim);
        List<long[]> unknown = images.stream().filter(v -> !loaded.contains(v[0])).toList();
        r.note("%d image-map VADs in the VAD tree; %d start where no loader entry's DllBase is", images.size(),
                unknown.size());
        confirm(unknown.size() == 1 && unknown.get(0)[0] == lab.injected().address(), lab.injected());
        long vad = unknown.get(0)[1];
        long subsection = r.field("_MMVAD", vad, "Subsection");
        long controlArea = r.field("_SUBSECTION", subsection, "ControlArea");
        long file = r.field("_CONTROL_AREA", controlArea, "FilePointer") & ~Machine.FAST_REF_COUNT;
        String path = r.unicode(m.kernel, "_FILE_OBJECT", file, "FileName");
        String name = path.substring(path.lastIndexOf('\\') + 1);
        return Truth.builder(r).parameter("image", m.name(victim)).parameter("pid", m.pid(victim))
                .name("the DLL", name, path)
                .nearName(m.name(victim), "That is the process's own image; the loader lists it first.")
                .build();
    }
}
