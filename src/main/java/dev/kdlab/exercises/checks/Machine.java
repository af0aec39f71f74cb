package dev.kdlab.exercises.checks;

import dev.kdlab.exercises.Reads;
import dev.kdlab.memory.VirtualMemory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The walks the checkers share, over a {@link Reads}: the active process list, a process's threads, its
 * loader list, the kernel's module list, SIDs. Scans over candidates read quietly; what an answer rests
 * on is read through the logged methods.
 */
final class Machine {
    static final long FAST_REF_COUNT = 0xf;

    final Reads r;
    final VirtualMemory kernel;

    Machine(Reads reads) {
        this.r = reads;
        this.kernel = reads.kernel();
    }

    /** A module of a loader list: its entry, base, size and base name. */
    record Module(long entry, long base, long size, String name) {
        boolean contains(long address) {
            return Long.compareUnsigned(address, base) >= 0 && Long.compareUnsigned(address, base + size) < 0;
        }
    }

    long activeHead() {
        return r.symbolQuietly("PsActiveProcessHead");
    }

    /** The active process list, the walk written down as one line. */
    List<Long> processes() {
        return r.walk(kernel, r.symbol("PsActiveProcessHead"), "_EPROCESS", "ActiveProcessLinks");
    }

    List<Long> processesQuietly() {
        return r.peekWalk(kernel, activeHead(), r.offset("_EPROCESS", "ActiveProcessLinks"));
    }

    String name(long eprocess) {
        return r.peekAnsi("_EPROCESS", eprocess, "ImageFileName");
    }

    long pid(long eprocess) {
        return r.peek(kernel, "_EPROCESS", eprocess, "UniqueProcessId");
    }

    long createTime(long eprocess) {
        return r.peek(kernel, "_EPROCESS", eprocess, "CreateTime");
    }

    /** The processes whose ImageFileName is this name (or its first 14 characters, as the field keeps them). */
    List<Long> named(String image) {
        String wanted = image.toLowerCase(Locale.ROOT);
        return processesQuietly().stream().filter(e -> {
            String name = name(e).toLowerCase(Locale.ROOT);
            return !name.isEmpty() && (name.equals(wanted) || name.length() >= 14 && wanted.startsWith(name));
        }).toList();
    }

    /** The process on the active list with this PID. */
    Optional<Long> byPid(long pid) {
        return processesQuietly().stream().filter(e -> pid(e) == pid).findFirst();
    }

    /** The one process of this name (the first, when there are several), found on the active list. */
    long process(String image) {
        processes();
        List<Long> found = named(image);
        if (found.isEmpty()) {
            throw new IllegalStateException("no process " + image);
        }
        return identify(found.get(0));
    }

    /** Writes down which process a derivation is about (its name and PID). */
    long identify(long eprocess) {
        r.ansi("_EPROCESS", eprocess, "ImageFileName");
        r.field("_EPROCESS", eprocess, "UniqueProcessId");
        return eprocess;
    }

    List<Long> threads(long eprocess) {
        return r.walk(kernel, eprocess + r.offset("_EPROCESS", "ThreadListHead"), "_ETHREAD", "ThreadListEntry");
    }

    List<Long> threadsQuietly(long eprocess) {
        return r.peekWalk(kernel, eprocess + r.offset("_EPROCESS", "ThreadListHead"),
                r.offset("_ETHREAD", "ThreadListEntry"));
    }

    long tid(long ethread) {
        return r.peek(kernel, "_ETHREAD", ethread, "Cid.UniqueThread");
    }

    /** The session id through EPROCESS.Session's _MM_SESSION_SPACE; empty for a process in no session. */
    OptionalLong sessionId(long eprocess) {
        long space = r.peek(kernel, "_EPROCESS", eprocess, "Session");
        return space == 0 ? OptionalLong.empty() : OptionalLong.of(r.peek(kernel, "_MM_SESSION_SPACE", space, "SessionId"));
    }

    boolean hasPeb(long eprocess) {
        return r.peek(kernel, "_EPROCESS", eprocess, "Peb") != 0;
    }

    /** A user process's space, read quietly (for scans). */
    VirtualMemory spaceQuietly(long eprocess) {
        return r.target().addressSpace(r.peek(kernel, "_EPROCESS", eprocess, "Pcb.DirectoryTableBase"));
    }

    /** The loader's InLoadOrderModuleList in a process's space, read quietly. */
    List<Module> userModules(VirtualMemory space, long peb) {
        long ldr = r.peek(space, "_PEB", peb, "Ldr");
        long head = ldr + r.offset("_PEB_LDR_DATA", "InLoadOrderModuleList");
        List<Module> modules = new ArrayList<>();
        for (long entry : r.peekWalk(space, head, r.offset("_LDR_DATA_TABLE_ENTRY", "InLoadOrderLinks"))) {
            modules.add(new Module(entry, r.peek(space, "_LDR_DATA_TABLE_ENTRY", entry, "DllBase"),
                    r.peek(space, "_LDR_DATA_TABLE_ENTRY", entry, "SizeOfImage"),
                    r.peekUnicode(space, "_LDR_DATA_TABLE_ENTRY", entry, "BaseDllName")));
        }
        return modules;
    }

    /** nt!PsLoadedModuleList, read quietly. */
    List<Module> kernelModules() {
        List<Module> modules = new ArrayList<>();
        long head = r.symbolQuietly("PsLoadedModuleList");
        for (long entry : r.peekWalk(kernel, head, r.offset("_KLDR_DATA_TABLE_ENTRY", "InLoadOrderLinks"))) {
            modules.add(new Module(entry, r.peek(kernel, "_KLDR_DATA_TABLE_ENTRY", entry, "DllBase"),
                    r.peek(kernel, "_KLDR_DATA_TABLE_ENTRY", entry, "SizeOfImage"),
                    r.peekUnicode(kernel, "_KLDR_DATA_TABLE_ENTRY", entry, "BaseDllName")));
        }
        return modules;
    }

    /** A SID in its string form, S-1-5-18. */
    String sid(long address) {
        int count = kernel.readByte(address + 1);
        long authority = 0;
        for (int i = 2; i < 8; i++) {
            authority = authority << 8 | kernel.readByte(address + i);
        }
        StringBuilder text = new StringBuilder("S-").append(kernel.readByte(address)).append('-').append(authority);
        for (int i = 0; i < count; i++) {
            text.append('-').append(kernel.readInt(address + 8 + 4L * i));
        }
        return text.toString();
    }

    /** The token object of a process: EPROCESS.Token with the _EX_FAST_REF count bits cleared. */
    long token(long eprocess) {
        long value = r.field("_EPROCESS", eprocess, "Token");
        long token = value & ~FAST_REF_COUNT;
        r.note("token object = %s & ~0xf = %s", Reads.hex(value), Reads.hex(token));
        return token;
    }

    /** The enumeration constant's name, from the catalog (_KWAIT_REASON, _PS_PROTECTED_SIGNER). */
    String enumName(String type, long value) {
        return ((dev.kdlab.types.EnumType) r.target().types().get(type)).nameOf(value).orElse(Long.toString(value));
    }
}
