package dev.kdlab.scenario;

import dev.kdlab.kernel.se.Account;
import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.kernel.ps.ProcessCreateInfo;
import dev.kdlab.kernel.ps.ProcessManager.CreatedProcess;
import dev.kdlab.kernel.init.HandleActivity;
import dev.kdlab.kernel.mm.MemoryBalancer;
import dev.kdlab.kernel.init.ThreadActivity;
import dev.kdlab.kernel.image.UserImage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Turns a list of process specs into NtCreateUserProcess calls on a booted kernel. A process whose
 * parent has exited inherits what that parent would have passed on: the nearest live ancestor's
 * EPROCESS (affinity, priority, token, quota) or, for a parent that ran as another account
 * (userinit), that account's logon.
 */
final class ScenarioBooter {
    /** System threads that exist when the next process starts; the rest start all through boot. */
    private static final int SYSTEM_THREADS_FIRST = 24;
    /** Times in 100 ns units (FILETIME ticks). */
    private static final long MILLISECOND = 10_000;
    private static final long SECOND = 10_000_000;
    /**
     * A process's threads all start within two minutes of it: the settled machine's "now" lies at
     * least that long after the last process (ThreadActivity), so no thread is younger than now.
     */
    private static final long LATEST_THREAD = 120 * SECOND;

    private final Kernel kernel;
    private final SplittableRandom random;
    /** Thread creation times have their own stream, so the rest of the machine is as it was without them. */
    private final SplittableRandom clock;
    private final Map<String, Long> processIds = new HashMap<>();
    /** Per key: the EPROCESS a child inherits from (the process itself, or an exited one's ancestor). */
    private final Map<String, Long> inheritFrom = new HashMap<>();
    /** Per exited key: the account it ran as, handed down to its children. */
    private final Map<String, Account> exitedAccounts = new HashMap<>();
    /** An EXE image is relocated once per boot: every process of the same file shares its base. */
    private final Map<String, UserImage> images = new HashMap<>();
    private CreatedProcess systemProcess;
    private int systemThreadsToStart;
    /** The system time of the boot so far: when the last process was created. */
    private long time;

    ScenarioBooter(Kernel kernel) {
        this.kernel = kernel;
        this.random = kernel.random().split();
        this.clock = new SplittableRandom(kernel.seed() ^ 0x5468_7265_6164_5469L);   // "ThreadTi"
    }

    /** Creates every process in order; the first thread of {@code debuggerKey} runs on processor 0. */
    void boot(List<ProcessSpec> specs, String debuggerKey) {
        time = Kernel.BOOT_TIME;
        Map<String, Integer> lastChild = lastChildren(specs);
        Map<String, Long> running = new HashMap<>();   // exited specs not ended yet, by key
        for (int index = 0; index < specs.size(); index++) {
            ProcessSpec spec = specs.get(index);
            time += random.nextLong(5_000_000L, 90_000_000L);
            for (int gap = processIds.isEmpty() ? 0 : random.nextInt(0, 4); gap > 0; gap--) {
                kernel.cidTable().skip();   // threads that ran and exited in between
            }
            if (spec.exited()) {
                long processId = kernel.cidTable().skip();   // its PspCidTable entry is freed when it ends
                processIds.put(spec.key(), processId);
                running.put(spec.key(), kernel.processes().exits().PspInsertShortLivedProcess(
                        exitedInfo(spec, time), spec.imagePath(), processId));
                inheritFrom.put(spec.key(), inheritFrom.getOrDefault(spec.parent(), 0L));
                Account account = spec.account() != null ? spec.account() : exitedAccounts.get(spec.parent());
                if (account != null) {
                    exitedAccounts.put(spec.key(), account);
                }
            } else {
                createProcess(spec, debuggerKey);
            }
            for (Map.Entry<String, Integer> last : lastChild.entrySet()) {
                if (last.getValue() == index) {
                    exit(running.remove(last.getKey()));
                }
            }
        }
        startSystemThreads(systemThreadsToStart);
        ThreadActivity.settle(kernel);    // the clock moves on; every thread runs, then waits
        HandleActivity.settle(kernel);    // what each process opened while it ran
        kernel.Phase1Initialization();    // hives, the physical memory block, the big pool table
        MemoryBalancer.settle(kernel.memoryManager(), kernel.nt());    // invalid PTE kinds and the PFN database, as after a few idle minutes
        kernel.MiUpdateSystemCounters();
    }

    /** For each exited spec, the index of the last spec it is parent of: it ends once that one has started. */
    private static Map<String, Integer> lastChildren(List<ProcessSpec> specs) {
        Map<String, Integer> exited = new HashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            ProcessSpec spec = specs.get(i);
            if (spec.exited()) {
                exited.put(spec.key(), i);
            } else if (spec.parent() != null && exited.containsKey(spec.parent())) {
                exited.put(spec.parent(), i);
            }
        }
        return exited;
    }

    /** A short-lived process ends a moment after its last child started, and nothing holds it. */
    private void exit(long eprocess) {
        kernel.processes().exits().PspExitProcess(eprocess, time + clock.nextLong(50 * MILLISECOND, 400 * MILLISECOND), 0);
        kernel.processes().exits().PspProcessDelete(eprocess);
    }

    private ProcessCreateInfo exitedInfo(ProcessSpec spec, long createTime) {
        return ProcessCreateInfo.builder(spec.imageFileName()).session(spec.sessionId()).protection(spec.protection())
                .parent(inheritFrom.getOrDefault(spec.parent(), 0L), processIds.get(spec.parent()))
                .createTime(createTime).build();
    }

    /** NtCreateUserProcess for one spec, then what the scenario does around it (system threads, jobs, processor 0). */
    private void createProcess(ProcessSpec spec, String debuggerKey) {
        CreatedProcess created = kernel.processes().NtCreateUserProcess(createInfo(spec, time));
        startSystemThreads(random.nextInt(1, 5));
        processIds.put(spec.key(), created.processId());
        inheritFrom.put(spec.key(), created.eprocess());
        if (spec.inJob()) {
            kernel.processes().jobs().PspAddProcessToJob(
                    kernel.processes().jobs().NtCreateJobObject(spec.sessionId()), created.eprocess());
        }
        if (spec.parent() == null) {
            kernel.space().write64(kernel.ntSymbol("PsInitialSystemProcess"), created.eprocess());
            systemProcess = created;
            systemThreadsToStart = spec.threads() - created.threads().size();
        }
        if (spec.key().equals(debuggerKey)) {
            kernel.processors().setCurrentThread(0, created.threads().get(0));
        }
    }

    /**
     * System worker threads start throughout boot (PsCreateSystemThread), so thread ids of System
     * and of the other processes interleave and Registry gets a low PID, as on Windows.
     */
    private void startSystemThreads(int count) {
        for (int i = 0; i < count && systemThreadsToStart > 0; i++, systemThreadsToStart--) {
            kernel.processes().PspCreateThread(systemProcess, false, time + clock.nextLong(MILLISECOND, 500 * MILLISECOND));
        }
    }

    /**
     * When a new process's threads start: the initial one a moment after the process (PspCreateThread
     * follows PspInsertProcess), most others while the program initialises, some later as its thread
     * pools grow. System's first threads start one after another during phase 1 of boot.
     */
    private List<Long> threadCreateTimes(ProcessSpec spec, int count, long createTime) {
        List<Long> times = new ArrayList<>(count);
        long at = createTime + clock.nextLong(2_000, 20_000);   // 0.2-2 ms
        times.add(at);
        for (int i = 1; i < count; i++) {
            if (spec.parent() == null) {
                at += clock.nextLong(MILLISECOND, 20 * MILLISECOND);
                times.add(at);
            } else {
                times.add(createTime + (clock.nextInt(10) < 7 ? clock.nextLong(50 * MILLISECOND, 5 * SECOND)
                        : clock.nextLong(5 * SECOND, LATEST_THREAD)));
            }
        }
        return times;
    }

    private ProcessCreateInfo createInfo(ProcessSpec spec, long createTime) {
        int threads = spec.parent() == null ? Math.min(spec.threads(), SYSTEM_THREADS_FIRST) : spec.threads();
        Account account = spec.account() != null ? spec.account() : exitedAccounts.get(spec.parent());
        ProcessCreateInfo.Builder info = ProcessCreateInfo.builder(spec.imageFileName())
                .session(spec.sessionId())
                .account(account)
                .environmentFor(account != null ? account : spec.service() ? Account.SYSTEM : null)
                .priorityClass(spec.priorityClass())
                .protection(spec.protection())
                .subsystem(spec.subsystem())
                .counts(threads, spec.handles())
                .createTime(createTime)
                .threadCreateTimes(threadCreateTimes(spec, threads, createTime));
        if (spec.parent() != null) {
            info.parent(inheritFrom.get(spec.parent()), processIds.get(spec.parent()));
        }
        if (spec.imagePath() != null) {
            List<UserImage> dlls = new ArrayList<>();
            for (String dll : spec.dlls()) {
                dlls.add(kernel.knownDlls().get(dll));
            }
            String directory = spec.sessionId() > 0 ? "C:\\Users\\learner\\" : "C:\\Windows\\system32\\";
            info.image(image(spec), dlls).commandLine(spec.commandLine(), directory);
        }
        return info.build();
    }

    /** EXE images load at 00007ff6`xxxx0000 - 00007ff7`xxxx0000 under ASLR, once per file and boot. */
    private UserImage image(ProcessSpec spec) {
        return images.computeIfAbsent(spec.imagePath().toLowerCase(), path -> new UserImage(spec.imagePath(),
                0x00007ff6_00000000L | (long) random.nextInt(0x2_0000) << 16, spec.imageSize(), random.nextInt(),
                entryPointRva(spec.imageSize())));
    }

    /** Where an EXE of this size starts running: the CRT entry a little way into .text. */
    static long entryPointRva(long imageSize) {
        return Math.min(0x1f60, imageSize / 2) & -16L;
    }
}
