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

    private final Kernel kernel;
    private final SplittableRandom random;
    private final Map<String, Long> processIds = new HashMap<>();
    /** Per key: the EPROCESS a child inherits from (the process itself, or an exited one's ancestor). */
    private final Map<String, Long> inheritFrom = new HashMap<>();
    /** Per exited key: the account it ran as, handed down to its children. */
    private final Map<String, Account> exitedAccounts = new HashMap<>();
    /** An EXE image is relocated once per boot: every process of the same file shares its base. */
    private final Map<String, UserImage> images = new HashMap<>();
    private CreatedProcess systemProcess;
    private int systemThreadsToStart;

    ScenarioBooter(Kernel kernel) {
        this.kernel = kernel;
        this.random = kernel.random().split();
    }

    /** Creates every process in order; the first thread of {@code debuggerKey} runs on processor 0. */
    void boot(List<ProcessSpec> specs, String debuggerKey) {
        long time = Kernel.BOOT_TIME;
        for (ProcessSpec spec : specs) {
            time += random.nextLong(5_000_000L, 90_000_000L);
            for (int gap = processIds.isEmpty() ? 0 : random.nextInt(0, 4); gap > 0; gap--) {
                kernel.cidTable().skip();   // threads that ran and exited in between
            }
            if (spec.exited()) {
                processIds.put(spec.key(), kernel.cidTable().skip());
                inheritFrom.put(spec.key(), inheritFrom.getOrDefault(spec.parent(), 0L));
                Account account = spec.account() != null ? spec.account() : exitedAccounts.get(spec.parent());
                if (account != null) {
                    exitedAccounts.put(spec.key(), account);
                }
                continue;
            }
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
        startSystemThreads(systemThreadsToStart);
        ThreadActivity.settle(kernel);    // the clock moves on; every thread runs, then waits
        HandleActivity.settle(kernel);    // what each process opened while it ran
        MemoryBalancer.settle(kernel.memoryManager(), kernel.nt());    // invalid PTE kinds and the PFN database, as after a few idle minutes
    }

    /**
     * System worker threads start throughout boot (PsCreateSystemThread), so thread ids of System
     * and of the other processes interleave and Registry gets a low PID, as on Windows.
     */
    private void startSystemThreads(int count) {
        for (int i = 0; i < count && systemThreadsToStart > 0; i++, systemThreadsToStart--) {
            kernel.processes().PspCreateThread(systemProcess, false);
        }
    }

    private ProcessCreateInfo createInfo(ProcessSpec spec, long createTime) {
        ProcessCreateInfo.Builder info = ProcessCreateInfo.builder(spec.imageFileName())
                .session(spec.sessionId())
                .account(spec.account() != null ? spec.account() : exitedAccounts.get(spec.parent()))
                .priorityClass(spec.priorityClass())
                .protection(spec.protection())
                .subsystem(spec.subsystem())
                .counts(spec.parent() == null ? Math.min(spec.threads(), SYSTEM_THREADS_FIRST) : spec.threads(),
                        spec.handles())
                .createTime(createTime);
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
                Math.min(0x1f60, spec.imageSize() / 2) & -16L));
    }
}
