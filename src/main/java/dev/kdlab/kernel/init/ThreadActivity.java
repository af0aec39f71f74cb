package dev.kdlab.kernel.init;

import dev.kdlab.kernel.NtTypes;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.image.CodeMap;
import dev.kdlab.kernel.image.ImageCode;
import dev.kdlab.kernel.image.NtCode;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.kernel.image.UserCode;
import dev.kdlab.kernel.image.UserImage;
import dev.kdlab.kernel.ke.DispatcherObjects;
import dev.kdlab.kernel.ke.ProcessObjects;
import dev.kdlab.kernel.ke.ProcessorContexts;
import dev.kdlab.kernel.ke.SystemClock;
import dev.kdlab.kernel.ke.ThreadRole;
import dev.kdlab.kernel.ke.ThreadWaits;

import dev.kdlab.kernel.ps.ProcessManager.CreatedProcess;
import dev.kdlab.memory.MemoryAccessException;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The machine after it has run for a few minutes, applied once after boot: the clock moves on
 * (KeUpdateSystemTime), the images' code is in place (exception directories and system-call
 * stubs), every thread of every process sits in its wait (machine-19045.md 6.3, 6.4) and every
 * processor runs its current thread: the debugger's on processor 0, the idle threads on the others.
 */
public final class ThreadActivity {
    private static final Set<String> SHELLS = Set.of("cmd.exe", "powershell.exe");
    private static final int RUNNING = 2;

    private final Kernel kernel;
    private final KernelSpace space;
    private final SplittableRandom random;
    private final DispatcherObjects objects;

    private ThreadActivity(Kernel kernel) {
        this.kernel = kernel;
        this.space = kernel.space();
        this.random = kernel.random().split();
        this.objects = kernel.dispatcherObjects();
    }

    /** Settles a booted kernel: call once, after the scenario created its processes. */
    public static void settle(Kernel kernel) {
        try {
            new ThreadActivity(kernel).run();
        } catch (MemoryAccessException e) {
            throw new IllegalStateException(String.format("settling read unmapped %016x", e.address()), e);
        }
    }

    private void run() throws MemoryAccessException {
        List<CreatedProcess> processes = kernel.processes().createdProcesses();
        long nowTick = KeUpdateSystemTime(processes);
        writeImageCode(processes);
        ThreadWaits waits = new ThreadWaits(space, kernel.nt(), kernel.processors(), kernel.pagedPool(),
                kernel.sharedEvents(), random, nowTick, objects.KeInitializePriQueue(kernel.processorCount()));
        ProcessorContexts processors = new ProcessorContexts(space, kernel.nt(), kernel.processors(),
                kernel.pagedPool(), random, nowTick);
        Map<Long, Long> children = shellChildren(processes);
        for (CreatedProcess process : processes) {
            String name = space.struct("_EPROCESS", process.eprocess()).ansi("ImageFileName", 15);
            int basePriority = (int) read(process.eprocess(), "_KPROCESS", "BasePriority");
            boolean session = sessionId(process.eprocess()) > 0;
            CodeMap userCode = userCode(process);
            ProcessObjects own = new ProcessObjects(objects, kernel.processorCount(),
                    children.getOrDefault(process.eprocess(), 0L));
            long kernelTime = 0;
            long userTime = 0;
            for (int index = 0; index < process.threads().size(); index++) {
                long ethread = process.threads().get(index);
                long[] times;
                if (read(ethread, "_KTHREAD", "State") == RUNNING) {
                    times = processors.settleRunning((int) read(ethread, "_KTHREAD", "NextProcessor"), ethread,
                            process, userCode, basePriority);
                } else {
                    ThreadRole role = kernel.threadPlan().roleOf(name, index, process.user() != null);
                    boolean gui = process.user() != null && (session && index == 0 || name.equalsIgnoreCase("csrss.exe"));
                    long createTick = (read(ethread, "_ETHREAD", "CreateTime") - Kernel.BOOT_TIME) / SystemClock.TICK;
                    times = waits.settle(new ThreadWaits.WaitingThread(ethread, index, role, process, own, userCode,
                            createTick, gui));
                }
                kernelTime += times[0];
                userTime += times[1];
            }
            space.struct("_KPROCESS", process.eprocess()).put("KernelTime", kernelTime).put("UserTime", userTime);
        }
        long idleTime = 0;
        for (int cpu = 0; cpu < kernel.processorCount(); cpu++) {
            idleTime += processors.settleIdle(cpu);
        }
        space.struct("_KPROCESS", kernel.ntAddress(NtSymbols.PS_IDLE_PROCESS)).put("KernelTime", idleTime);
    }

    /**
     * The clock a few minutes after the last process started: KUSER_SHARED_DATA's SystemTime,
     * InterruptTime (time since boot) and TickCount, which wait ticks and elapsed times count from.
     */
    private long KeUpdateSystemTime(List<CreatedProcess> processes) {
        long latest = Kernel.BOOT_TIME;
        for (CreatedProcess process : processes) {
            latest = Math.max(latest, read(process.eprocess(), "_EPROCESS", "CreateTime"));
        }
        long now = latest + random.nextLong(120, 600) * 10_000_000L;
        SystemClock.KeUpdateSystemTime(space, kernel.nt(), kernel.processorCount(), now);
        long tick = (now - Kernel.BOOT_TIME) / SystemClock.TICK;
        return tick;
    }

    /**
     * nt's code and exception directory, and each user image's (with ntdll's stubs) through one
     * process that maps it; import slots bound to the boot's system DLLs, which sit at one address
     * in every process.
     */
    private void writeImageCode(List<CreatedProcess> processes) {
        NtCode.image().writeInto(space.memory(), kernel.plan().kernelBase());
        Map<String, UserImage> dlls = new HashMap<>();
        for (UserImage dll : kernel.systemDlls()) {
            dlls.put(UserCode.moduleName(dll.baseName()).toLowerCase(Locale.ROOT), dll);
        }
        ImageCode.ImportResolver imports = (module, symbol) -> {
            UserImage dll = dlls.get(module.toLowerCase(Locale.ROOT));
            if (dll == null) {
                return OptionalLong.empty();
            }
            ImageCode code = UserCode.systemDlls().get(dll.baseName().toLowerCase(Locale.ROOT));
            return OptionalLong.of(dll.base() + code.rvaOf(symbol));
        };
        Set<String> written = new HashSet<>();
        for (CreatedProcess process : processes) {
            if (process.user() == null) {
                continue;
            }
            for (UserImage dll : kernel.systemDlls()) {
                if (process.modules().contains(dll) && written.add(dll.path().toLowerCase(Locale.ROOT))) {
                    UserCode.systemDlls().get(dll.baseName().toLowerCase(Locale.ROOT))
                            .writeInto(process.user().memory(), dll.base(), imports);
                }
            }
            if (written.add(process.image().path().toLowerCase(Locale.ROOT))) {
                UserCode.exe(process.image()).ifPresent(exe ->
                        exe.writeInto(process.user().memory(), process.image().base(), imports));
            }
        }
    }

    private CodeMap userCode(CreatedProcess process) {
        return userCode(kernel, process);
    }

    /** The user images a process's threads run through (system DLLs it loaded, its EXE), where they are mapped. */
    public static CodeMap userCode(Kernel kernel, CreatedProcess process) {
        CodeMap code = new CodeMap();
        if (process.user() == null) {
            return code;
        }
        for (UserImage dll : kernel.systemDlls()) {
            if (process.modules().contains(dll)) {   // a native process has no KERNEL32 or KERNELBASE
                ImageCode image = UserCode.systemDlls().get(dll.baseName().toLowerCase(Locale.ROOT));
                code.add(image.moduleName(), image, dll.base());
            }
        }
        UserCode.exe(process.image()).ifPresent(exe -> code.add(CodeMap.EXE, exe, process.image().base()));
        return code;
    }

    /** A shell's newest child still running: what the shell's main thread waits for. */
    private Map<Long, Long> shellChildren(List<CreatedProcess> processes) {
        Map<Long, Long> byPid = new HashMap<>();
        for (CreatedProcess process : processes) {
            byPid.put(process.processId(), process.eprocess());
        }
        Map<Long, Long> children = new HashMap<>();
        for (CreatedProcess process : processes) {
            Long parent = byPid.get(read(process.eprocess(), "_EPROCESS", "InheritedFromUniqueProcessId"));
            if (parent != null && SHELLS.contains(space.struct("_EPROCESS", parent).ansi("ImageFileName", 15).toLowerCase(Locale.ROOT))) {
                children.put(parent, process.eprocess());
            }
        }
        return children;
    }

    private long sessionId(long eprocess) {
        long session = read(eprocess, "_EPROCESS", "Session");
        return session == 0 ? -1 : read(session, "_MM_SESSION_SPACE", "SessionId");
    }

    private long read(long address, String type, String field) {
        return NtTypes.view(space.memory(), type, address).get(field);
    }
}
