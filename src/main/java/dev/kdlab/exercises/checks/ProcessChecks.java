package dev.kdlab.exercises.checks;

import dev.kdlab.exercises.Exercises;
import dev.kdlab.exercises.Lab;
import dev.kdlab.exercises.Reads;
import dev.kdlab.exercises.Truth;
import dev.kdlab.scenario.Anomaly;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Processes and threads: the active list, PIDs, parents, sessions, thread lists, states, tokens' users. */
public final class ProcessChecks {
    /** _KTHREAD_STATE Waiting (layouts-19041/_KTHREAD_STATE.txt). */
    private static final long WAITING = 5;

    private ProcessChecks() {
    }

    public static void define(Exercises.Definitions d) {
        d.add("l1-count-processes", Anomaly.NONE, ProcessChecks::countProcesses);
        d.add("l1-pid-by-name", Anomaly.NONE, ProcessChecks::pidByName);
        d.add("l1-eprocess-field-address", Anomaly.NONE, ProcessChecks::fieldAddress);
        d.add("l1-live-parent", Anomaly.NONE, ProcessChecks::liveParent);
        d.add("l1-sessions", Anomaly.NONE, ProcessChecks::sessions);
        d.add("l1-thread-count", Anomaly.NONE, ProcessChecks::threadCount);
        d.add("l1-no-peb", Anomaly.NONE, ProcessChecks::noPeb);
        d.add("l2-next-process", Anomaly.NONE, ProcessChecks::nextProcess);
        d.add("l2-truncated-name", Anomaly.NONE, ProcessChecks::truncatedName);
        d.add("l2-dangling-parent", Anomaly.NONE, ProcessChecks::danglingParent);
        d.add("l2-token-user", Anomaly.NONE, ProcessChecks::tokenUser);
        d.add("l2-protection", Anomaly.NONE, ProcessChecks::protection);
        d.add("l3-thread-states", Anomaly.NONE, ProcessChecks::threadStates);
        d.add("l3-thread-owner", Anomaly.NONE, ProcessChecks::threadOwner);
        d.add("l4-cid-table", Anomaly.NONE, ProcessChecks::cidTable);
        d.add("l4-payload-walk", Anomaly.NONE, ProcessChecks::payloadWalk);
    }

    static Truth countProcesses(Lab lab) {
        Machine m = new Machine(lab.reads());
        int count = m.processes().size();
        return Truth.builder(lab.reads()).count("the number of processes", count).countedHead(count).build();
    }

    static Truth pidByName(Lab lab) {
        Machine m = new Machine(lab.reads());
        String image = lab.pick(List.of("lsass.exe", "services.exe", "winlogon.exe", "spoolsv.exe", "explorer.exe",
                "wininit.exe", "dwm.exe"));
        long eprocess = m.process(image);
        long pid = m.pid(eprocess);
        long parent = lab.reads().peek(m.kernel, "_EPROCESS", eprocess, "InheritedFromUniqueProcessId");
        return Truth.builder(lab.reads()).parameter("image", image).hex("the PID", pid)
                .near(parent, "That is its parent's PID (InheritedFromUniqueProcessId, ParentCid); the process's own "
                        + "is UniqueProcessId (Cid).")
                .near(eprocess, "That is the EPROCESS address; the PID is the field UniqueProcessId (Cid).")
                .build();
    }

    static Truth fieldAddress(Lab lab) {
        Machine m = new Machine(lab.reads());
        String image = lab.pick(List.of("explorer.exe", "notepad.exe", "lsass.exe", "winlogon.exe", "cmd.exe"));
        String field = lab.pick(List.of("Token", "Peb", "ObjectTable", "ImageFileName", "VadRoot"));
        long eprocess = m.process(image);
        long offset = lab.reads().offset("_EPROCESS", field);
        lab.reads().note("_EPROCESS.%s is at +0x%x (type catalog)", field, offset);
        long address = eprocess + offset;
        lab.reads().note("%s + 0x%x = %s", Reads.address(eprocess), offset, Reads.address(address));
        Truth.Builder truth = Truth.builder(lab.reads()).parameter("image", image).parameter("field", field)
                .hex("the field's address", address)
                .near(offset, "That is the field's offset; add it to the EPROCESS address.")
                .near(eprocess, "That is the EPROCESS itself; add the field's offset.");
        if (!field.equals("ImageFileName")) {
            long value = lab.reads().peek(m.kernel, "_EPROCESS", eprocess, field);
            truth.near(value, "That is the field's value; the question asks where the field is.");
        }
        return truth.build();
    }

    static Truth liveParent(Lab lab) {
        Machine m = new Machine(lab.reads());
        String child = lab.pick(List.of("spoolsv.exe", "lsass.exe", "dwm.exe", "sihost.exe", "services.exe",
                "ctfmon.exe", "notepad.exe", "conhost.exe"));
        long eprocess = m.process(child);
        long parentPid = lab.reads().field("_EPROCESS", eprocess, "InheritedFromUniqueProcessId");
        long parent = m.byPid(parentPid).orElseThrow(() -> new IllegalStateException(child + "'s parent has exited"));
        m.identify(parent);
        long childCreated = lab.reads().field("_EPROCESS", eprocess, "CreateTime");
        long parentCreated = lab.reads().field("_EPROCESS", parent, "CreateTime");
        if (parentCreated >= childCreated) {
            throw new IllegalStateException(child + "'s parent PID was reused");
        }
        lab.reads().note("the parent was created before the child: it is the real one");
        String name = m.name(parent);
        return Truth.builder(lab.reads()).parameter("image", child).name("the parent's image name", name)
                .near(parentPid, "That is the parent's PID; the question asks for its image name (!process <pid> 0).")
                .nearName(child, "That is the process itself; its parent is named by InheritedFromUniqueProcessId.")
                .build();
    }

    static Truth sessions(Lab lab) {
        Machine m = new Machine(lab.reads());
        long session = lab.pick(List.of(0L, 1L));
        int count = 0;
        int none = 0;
        for (long e : m.processes()) {
            var id = m.sessionId(e);
            if (id.isEmpty()) {
                none++;
            } else if (id.getAsLong() == session) {
                count++;
            }
        }
        lab.reads().note("each EPROCESS.Session -> _MM_SESSION_SPACE.SessionId: %d in session %d, %d in none",
                count, session, none);
        Truth.Builder truth = Truth.builder(lab.reads()).parameter("session", Long.toString(session))
                .count("the number of processes", count);
        int all = m.processesQuietly().size();
        if (all - none != count) {
            truth.near(all - none, "That counts the processes of every session; keep those whose SessionId is "
                    + session + ".");
        }
        if (session == 0) {
            truth.near(count + none, "Processes with SessionId: none (System, Registry, smss, MemCompression) are in "
                    + "no session, not in session 0.");
        }
        return truth.build();
    }

    static Truth threadCount(Lab lab) {
        Machine m = new Machine(lab.reads());
        String image = lab.pick(List.of("System", "explorer.exe", "lsass.exe", "dwm.exe", "notepad.exe", "services.exe"));
        long eprocess = m.process(image);
        int count = m.threads(eprocess).size();
        long active = lab.reads().field("_EPROCESS", eprocess, "ActiveThreads");
        if (active != count) {
            throw new IllegalStateException("ActiveThreads disagrees with ThreadListHead");
        }
        return Truth.builder(lab.reads()).parameter("image", image).count("the number of threads", count)
                .countedHead(count).build();
    }

    static Truth noPeb(Lab lab) {
        Machine m = new Machine(lab.reads());
        List<String> names = new ArrayList<>();
        for (long e : m.processes()) {
            if (!m.hasPeb(e)) {
                names.add(m.name(e));
            }
        }
        lab.reads().note("EPROCESS.Peb == 0 for: %s", String.join(", ", names));
        return Truth.builder(lab.reads()).names("the processes without a PEB", names).build();
    }

    static Truth nextProcess(Lab lab) {
        Machine m = new Machine(lab.reads());
        List<Long> all = m.processesQuietly();
        long eprocess = m.identify(lab.pick(all.subList(0, all.size() - 1)));
        long links = eprocess + lab.reads().offset("_EPROCESS", "ActiveProcessLinks");
        long flink = lab.reads().field("_EPROCESS", eprocess, "ActiveProcessLinks.Flink");
        long next = flink - lab.reads().offset("_EPROCESS", "ActiveProcessLinks");
        lab.reads().note("CONTAINING_RECORD(%s, _EPROCESS, ActiveProcessLinks) = %s", Reads.address(flink),
                Reads.address(next));
        m.identify(next);
        return Truth.builder(lab.reads()).parameter("image", m.name(eprocess)).parameter("pid", m.pid(eprocess))
                .hex("the next EPROCESS", next)
                .listEntry(next, "_EPROCESS", "ActiveProcessLinks")
                .objectHeader(next)
                .near(links, "That is this process's own ActiveProcessLinks; follow its Flink.")
                .build();
    }

    static Truth truncatedName(Lab lab) {
        Machine m = new Machine(lab.reads());
        String image = lab.pick(List.of("SecurityHealthService.exe", "SecurityHealthSystray.exe",
                "StartMenuExperienceHost.exe", "TextInputHost.exe", "RuntimeBroker.exe"));
        long eprocess = lab.pick(m.named(image));
        m.identify(eprocess);
        String shortName = m.name(eprocess);
        long audit = lab.reads().field("_EPROCESS", eprocess, "SeAuditProcessCreationInfo.ImageFileName");
        String path = lab.reads().unicode(m.kernel, "_OBJECT_NAME_INFORMATION", audit, "Name");
        String base = path.substring(path.lastIndexOf('\\') + 1);
        return Truth.builder(lab.reads()).parameter("short", shortName).parameter("pid", m.pid(eprocess))
                .name("the executable's file name", base, path)
                .nearName(shortName, "That is ImageFileName, which keeps only the first 14 characters; the full name "
                        + "is in SeAuditProcessCreationInfo.ImageFileName.")
                .build();
    }

    static Truth danglingParent(Lab lab) {
        Machine m = new Machine(lab.reads());
        List<Long> candidates = new ArrayList<>(m.named("csrss.exe"));
        for (String image : List.of("wininit.exe", "winlogon.exe", "explorer.exe", "lsass.exe", "dwm.exe", "services.exe")) {
            candidates.addAll(m.named(image));
        }
        long child = m.identify(lab.pick(candidates));
        long parentPid = lab.reads().field("_EPROCESS", child, "InheritedFromUniqueProcessId");
        Optional<Long> holder = m.byPid(parentPid);
        boolean real = false;
        if (holder.isEmpty()) {
            lab.reads().note("no process on the active list has PID %s: the parent has exited", Reads.hex(parentPid));
        } else {
            m.identify(holder.get());
            long childCreated = lab.reads().field("_EPROCESS", child, "CreateTime");
            long holderCreated = lab.reads().field("_EPROCESS", holder.get(), "CreateTime");
            real = holderCreated < childCreated;
            lab.reads().note(real ? "created before the child: the real parent"
                    : "created after the child: a later process reusing the PID");
        }
        return Truth.builder(lab.reads()).parameter("image", m.name(child)).parameter("pid", m.pid(child))
                .yesNo("is the parent alive", real)
                .hex("the parent PID", parentPid)
                .near(m.pid(child), "That is the process's own PID; the parent's is InheritedFromUniqueProcessId.")
                .build();
    }

    static Truth tokenUser(Lab lab) {
        Machine m = new Machine(lab.reads());
        List<Long> candidates = new ArrayList<>(m.named("svchost.exe"));
        candidates.addAll(m.named("explorer.exe"));
        candidates.addAll(m.named("notepad.exe"));
        candidates.addAll(m.named("WmiPrvSE.exe"));
        candidates.addAll(m.named("audiodg.exe"));
        long eprocess = m.identify(lab.pick(candidates));
        long token = m.token(eprocess);
        long groups = lab.reads().field("_TOKEN", token, "UserAndGroups");
        long sidAddress = lab.reads().field("_SID_AND_ATTRIBUTES", groups, "Sid");
        String sid = m.sid(sidAddress);
        lab.reads().note("SID at %s = %s", Reads.address(sidAddress), sid);
        String group = m.sid(lab.reads().peek(m.kernel, "_SID_AND_ATTRIBUTES",
                groups + lab.reads().type("_SID_AND_ATTRIBUTES").size(), "Sid"));
        Truth.Builder truth = Truth.builder(lab.reads()).parameter("pid", m.pid(eprocess));
        switch (sid) {
            case "S-1-5-18" -> truth.name("the account", "SYSTEM", "NT AUTHORITY\\SYSTEM", "LocalSystem", sid);
            case "S-1-5-19" -> truth.name("the account", "LOCAL SERVICE", "NT AUTHORITY\\LOCAL SERVICE",
                    "LocalService", sid);
            case "S-1-5-20" -> truth.name("the account", "NETWORK SERVICE", "NT AUTHORITY\\NETWORK SERVICE",
                    "NetworkService", sid);
            default -> truth.name("the account", sid);
        }
        if (!group.equals(sid)) {
            truth.nearName(group, "That is a group (UserAndGroups[1] or later); the user is UserAndGroups[0].");
        }
        return truth.build();
    }

    static Truth protection(Lab lab) {
        Machine m = new Machine(lab.reads());
        String image = lab.pick(List.of("csrss.exe", "smss.exe", "services.exe", "wininit.exe", "MsMpEng.exe",
                "System", "Registry"));
        long eprocess = m.identify(m.named(image).get(0));
        long level = lab.reads().field("_EPROCESS", eprocess, "Protection.Level");
        long type = level & 7;
        long signer = level >>> 4;
        String signerName = m.enumName("_PS_PROTECTED_SIGNER", signer).replace("PsProtectedSigner", "");
        lab.reads().note("Type = %d (bits 0-2), Signer = %d = %s (bits 4-7)", type, signer, signerName);
        Truth.Builder truth = Truth.builder(lab.reads()).parameter("image", image);
        if (level == 0) {
            return truth.name("the protection", "None", "0", "0x0", "0n0", "no", "not protected").build();
        }
        String display = signerName + (type == 1 ? "-Light" : "");
        String hex = String.format("0x%x", level);
        truth.name("the protection", display, hex, hex.substring(2), "PsProtectedSigner" + display,
                (type == 1 ? "PPL " : "PP ") + signerName);
        truth.nearName(Long.toString(signer), "That is the Signer field alone (bits 4-7); give its name "
                + "(dt nt!_PS_PROTECTED_SIGNER) or the whole byte.");
        truth.nearName("0x" + Long.toHexString(signer), "That is the Signer field alone (bits 4-7); give its name "
                + "(dt nt!_PS_PROTECTED_SIGNER) or the whole byte.");
        if (type == 1) {
            truth.nearName(signerName, "The signer is right, but Type (bits 0-2) is 1: a light protection (PPL), "
                    + signerName + "-Light.");
        }
        return truth.build();
    }

    static Truth threadStates(Lab lab) {
        Machine m = new Machine(lab.reads());
        String image = lab.pick(List.of("System", "explorer.exe", "lsass.exe", "svchost.exe", "dwm.exe"));
        long eprocess = lab.pick(m.named(image));
        List<Long> reasons = new ArrayList<>();
        for (long thread : m.threadsQuietly(eprocess)) {
            if (lab.reads().peek(m.kernel, "_KTHREAD", thread, "State") == WAITING) {
                reasons.add(lab.reads().peek(m.kernel, "_KTHREAD", thread, "WaitReason"));
            }
        }
        long reason = lab.pick(reasons.stream().distinct().sorted().toList());
        m.identify(eprocess);
        int count = 0;
        for (long thread : m.threads(eprocess)) {
            if (lab.reads().peek(m.kernel, "_KTHREAD", thread, "State") == WAITING
                    && lab.reads().peek(m.kernel, "_KTHREAD", thread, "WaitReason") == reason) {
                count++;
            }
        }
        String reasonName = m.enumName("_KWAIT_REASON", reason);
        lab.reads().note("threads with _KTHREAD.State == 5 (Waiting) and WaitReason == %d (%s): %d", reason,
                reasonName, count);
        return Truth.builder(lab.reads()).parameter("image", m.name(eprocess)).parameter("pid", m.pid(eprocess))
                .parameter("reason", reasonName).count("the number of threads", count)
                .near(reasons.size(), "That counts every waiting thread; keep those whose WaitReason is " + reasonName
                        + ".")
                .build();
    }

    static Truth threadOwner(Lab lab) {
        Machine m = new Machine(lab.reads());
        List<Long> user = m.processesQuietly().stream().filter(m::hasPeb).toList();
        long owner = lab.pick(user);
        long thread = lab.pick(m.threadsQuietly(owner));
        long tid = m.tid(thread);
        lab.reads().field("_ETHREAD", thread, "Cid.UniqueThread");
        long process = lab.reads().field("_KTHREAD", thread, "Process");
        m.identify(process);
        return Truth.builder(lab.reads()).parameter("tid", tid).name("the image name", m.name(process))
                .near(m.pid(process), "That is the owner's PID; the question asks for its image name.")
                .build();
    }

    static Truth cidTable(Lab lab) {
        Machine m = new Machine(lab.reads());
        List<Long> all = m.processesQuietly();
        long pid = m.pid(lab.pick(all.subList(1, all.size())));
        Reads r = lab.reads();
        long table = r.pointer(r.symbol("PspCidTable"));
        long tableCode = r.field("_HANDLE_TABLE", table, "TableCode");
        long level = tableCode & 3;
        long index = pid / 4;
        long entry;
        long base = tableCode & ~3L;
        if (level == 0) {
            entry = base + index * 0x10;
        } else if (level == 1) {
            long page = r.pointer(base + (index / 0x100) * 8);
            entry = page + (index % 0x100) * 0x10;
        } else {
            long middle = r.pointer(base + (index / (0x100 * 0x200)) * 8);
            long page = r.pointer(middle + ((index / 0x100) % 0x200) * 8);
            entry = page + (index % 0x100) * 0x10;
        }
        r.note("level %d table, index %s / 4 = %s, entry at %s", level, Reads.hex(pid), Reads.hex(index),
                Reads.address(entry));
        long low = r.pointer(entry);
        long body = (low >> 20) << 4;
        r.note("ObjectPointerBits: (%s >> 20) << 4, sign-extended = %s", Reads.hex(low), Reads.address(body));
        long objectType = r.field("_DISPATCHER_HEADER", body, "Type");
        if (objectType != 3) {
            throw new IllegalStateException("CID entry is not a process");
        }
        r.note("DISPATCHER_HEADER.Type 3: a process");
        return Truth.builder(r).parameter("pid", pid).hex("the EPROCESS", body)
                .objectHeader(body)
                .near(low, "That is the raw _HANDLE_TABLE_ENTRY; ObjectPointerBits are bits 20-63: (value >> 0n20) "
                        + "<< 4, sign-extended.")
                .near(entry, "That is the handle table entry's address; decode the entry it holds.")
                .build();
    }

    static Truth payloadWalk(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        long prcb = r.pointer(r.symbol("KiProcessorBlock"));
        long thread = r.field("_KPRCB", prcb, "CurrentThread");
        long process = r.field("_KTHREAD", thread, "ApcState.Process");
        long links = r.offset("_EPROCESS", "ActiveProcessLinks");
        long eprocess = process;
        for (int steps = 0; r.peek(m.kernel, "_EPROCESS", eprocess, "UniqueProcessId") != 4; steps++) {
            if (steps > 100_000) {
                throw new IllegalStateException("no System process on the list");
            }
            eprocess = r.peek(m.kernel, "_EPROCESS", eprocess, "ActiveProcessLinks.Flink") - links;
        }
        r.note("followed ActiveProcessLinks.Flink (- 0x%x) from %s until UniqueProcessId == 4", links,
                Reads.address(process));
        r.field("_EPROCESS", eprocess, "UniqueProcessId");
        long token = m.token(eprocess);
        return Truth.builder(r).hex("System's token object", token)
                .fastRefCount(token)
                .near(eprocess, "That is System's EPROCESS; its Token field (an _EX_FAST_REF) points at the token.")
                .near(eprocess + r.offset("_EPROCESS", "Token"), "That is where the Token field is; read it and mask "
                        + "the count bits.")
                .build();
    }
}
