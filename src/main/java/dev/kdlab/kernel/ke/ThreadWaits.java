package dev.kdlab.kernel.ke;

import dev.kdlab.kernel.NtTypes;
import dev.kdlab.struct.StructBuffer;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.image.CodeMap;
import dev.kdlab.kernel.image.NtCode;
import dev.kdlab.kernel.image.SystemRoutine;
import dev.kdlab.kernel.image.UserCode;
import dev.kdlab.kernel.mm.UserSpace;

import dev.kdlab.memory.MemoryAccessException;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Puts one thread into its wait as KiCommitThreadWait leaves it: KTHREAD State Waiting with the wait
 * reason, mode and alertability, one KWAIT_BLOCK per object linked into the object's wait list (and
 * the thread on a queue's thread list), the tick the wait began, priorities and run times, and the
 * kernel and user stacks of the call chain that led into the wait (machine-19045.md 6.3, 6.4).
 */
public final class ThreadWaits {
    private static final int WAITING = 5;
    private static final int WAIT_ANY = 1;
    private static final int WAIT_DEQUEUE = 3;
    private static final int WAIT_BLOCK_ACTIVE = 4;
    private static final int WAIT_BLOCK_SIZE = NtTypes.offsetOf("_KWAIT_BLOCK", "SparePtr") + 8;
    private static final int BLOCK_WAIT_TYPE = NtTypes.offsetOf("_KWAIT_BLOCK", "WaitType");
    private static final int BLOCK_STATE = NtTypes.offsetOf("_KWAIT_BLOCK", "BlockState");
    private static final int BLOCK_WAIT_KEY = NtTypes.offsetOf("_KWAIT_BLOCK", "WaitKey");
    /** Every thread's stacks are built in one buffer, one stack after another. */
    private final StackBuilder.Span span = ThreadStackWriter.span();
    private static final int BLOCK_THREAD = NtTypes.offsetOf("_KWAIT_BLOCK", "Thread");
    private static final int BLOCK_OBJECT = NtTypes.offsetOf("_KWAIT_BLOCK", "Object");
    private static final int WAIT_LIST_HEAD = NtTypes.offsetOf("_DISPATCHER_HEADER", "WaitListHead");
    private static final long[] NO_ARGUMENTS = new long[0];
    private static final List<String> THREAD_START = List.of("KERNEL32!BaseThreadInitThunk+0x14",
            "ntdll!RtlUserThreadStart+0x21");

    /** Where the waiting thread lives and the values around it the wait needs. */
    public record WaitingThread(long ethread, int index, ThreadRole role, KeProcess process,
                         ProcessObjects objects, CodeMap userCode, long createTick, boolean gui) {
    }

    private final KernelSpace space;
    private final CodeMap nt;
    private final Processors processors;
    private final Pool pagedPool;
    private final SharedEvents sharedEvents;
    private final SplittableRandom random;
    private final long nowTick;
    private final long workerQueue;

    public ThreadWaits(KernelSpace space, NtImage ntImage, Processors processors, Pool pagedPool,
                       SharedEvents sharedEvents, SplittableRandom random, long nowTick, long workerQueue) {
        this.space = space;
        this.nt = new CodeMap().add("nt", NtCode.image(), ntImage.base());
        this.processors = processors;
        this.pagedPool = pagedPool;
        this.sharedEvents = sharedEvents;
        this.random = random;
        this.nowTick = nowTick;
        this.workerQueue = workerQueue;
    }

    /** Returns the thread's kernel and user run time in ticks, for its process's totals. */
    public long[] settle(WaitingThread t) throws MemoryAccessException {
        StructBuffer thread = NtTypes.buffer(space.memory(), "_ETHREAD", t.ethread());
        WaitShape shape = t.role().shape();
        int cpu = random.nextInt(processors.count());
        long prcb = processors.prcb(cpu);
        List<Long> objects = objectsOf(t, thread);
        long initialStack = thread.get("Tcb.InitialStack");
        Function<String, long[]> arguments = homeArguments(t, thread, objects, prcb, initialStack);
        ThreadStackWriter writer = new ThreadStackWriter(arguments, pick(t.ethread(), t.process().eprocess(), prcb,
                0, 1, 2, 0xffffffffL, initialStack - 0x400, t.process().processId()), span);
        ThreadStackWriter.UserState user = null;
        if (shape.enteredFromUserMode()) {
            UserSpace space = t.process().user();
            long teb = thread.get("Tcb.Teb");
            long stackBase = space.memory().readLong(teb + NtTypes.offsetOf("_TEB", "NtTib.StackBase"));
            ThreadStackWriter userWriter = new ThreadStackWriter(arguments, pick(teb, space.peb(), space.heapBase(),
                    space.heapBase() + 0x2a0, 0, 1, 0, stackBase - 0x230, t.process().processId()), span);
            user = userWriter.writeUser(space.memory(), t.userCode(), userChain(t), stackBase,
                    thread.get("Win32StartAddress"), 0);
        }
        ThreadStackWriter.KernelState state = writer.writeKernel(space.memory(), nt, kernelChain(t.role()), false,
                initialStack, user, shape.stackArgumentBytes());
        long age = Math.max(1, nowTick - t.createTick());
        long kernelTime = random.nextLong(0, Math.max(2, age / 3000));
        long userTime = shape.enteredFromUserMode() ? random.nextLong(0, Math.max(2, age / 1500)) : 0;
        long basePriority = thread.get("Tcb.BasePriority");
        long priority = basePriority + (shape == WaitShape.SYSTEM_WORKER || (user != null && random.nextInt(3) == 0)
                ? 1 : 0);
        long waitBlocks = thread.addressOf("Tcb.WaitBlock");
        thread.put("Tcb.State", WAITING)
                .put("Tcb.WaitReason", shape.waitReason())
                .put("Tcb.WaitMode", shape.userMode() ? 1 : 0)
                .put("Tcb.Alertable", shape.alertable() ? 1 : 0)
                .put("Tcb.WaitIrql", 0)
                .put("Tcb.WaitBlockList", objects.isEmpty() ? 0 : waitBlocks)
                .put("Tcb.WaitBlockCount", objects.size())
                .put("Tcb.WaitTime", waitStart(t))
                .put("Tcb.WaitPrcb", prcb)
                .put("Tcb.Priority", Math.min(priority, 31))
                .put("Tcb.KernelTime", kernelTime)
                .put("Tcb.UserTime", userTime)
                .put("Tcb.ContextSwitches", 1 + random.nextLong(0, Math.max(2, age / 40)))
                .put("Tcb.IdealProcessor", (t.process().processId() / 4 + t.index()) % processors.count())
                .put("Tcb.UserIdealProcessor", (t.process().processId() / 4 + t.index()) % processors.count())
                .put("Tcb.NextProcessor", cpu)
                .put("Tcb.KernelStack", state.kernelStack())
                .put("Tcb.TrapFrame", state.trapFrame())
                .put("Tcb.PreviousMode", shape.enteredFromUserMode() ? 1 : 0);
        if (t.gui() && shape.enteredFromUserMode()) {
            thread.put("Tcb.Win32Thread", pagedPool.allocate("Usti", 0x3a0));
            thread.put("Tcb.GuiThread", 1);
        }
        boolean queue = shape.objects() == WaitShape.WaitObjects.WORKER_QUEUE
                || shape.objects() == WaitShape.WaitObjects.COMPLETION_QUEUE
                || shape.objects() == WaitShape.WaitObjects.WORKER_PRIQUEUE;
        int firstBlock = NtTypes.offsetOf("_ETHREAD", "Tcb.WaitBlock");
        for (int i = 0; i < objects.size(); i++) {
            int block = firstBlock + WAIT_BLOCK_SIZE * i;
            thread.putAt(block + BLOCK_WAIT_TYPE, 1, queue ? WAIT_DEQUEUE : WAIT_ANY)
                    .putAt(block + BLOCK_STATE, 1, WAIT_BLOCK_ACTIVE)
                    .putAt(block + BLOCK_WAIT_KEY, 2, i)
                    .putAt(block + BLOCK_THREAD, 8, t.ethread())
                    .putAt(block + BLOCK_OBJECT, 8, objects.get(i))
                    .insertTail(block, objects.get(i) + WAIT_LIST_HEAD);
        }
        if (queue) {
            thread.put("Tcb.Queue", objects.get(0)).insertTail(NtTypes.offsetOf("_ETHREAD", "Tcb.QueueListEntry"),
                    objects.get(0) + NtTypes.offsetOf(shape == WaitShape.SYSTEM_WORKER ? "_KPRIQUEUE" : "_KQUEUE",
                            "ThreadListHead"));
        }
        thread.flush();
        return new long[] {kernelTime, userTime};
    }

    private List<Long> objectsOf(WaitingThread t, StructBuffer thread) {
        switch (t.role().shape().objects()) {
            case NONE:
                return List.of();
            case THREAD_TIMER:
                return List.of(thread.addressOf("Tcb.Timer"));
            case SUSPEND_EVENT:
                return List.of(thread.addressOf("Tcb.SuspendEvent"));
            case WORKER_PRIQUEUE:
                return List.of(workerQueue);
            case KERNEL_EVENT:
                return List.of(sharedEvents.get(t.role().routine().ordinal()));
            default:
                return t.objects().of(t.role().shape().objects(), t.index() == 0);
        }
    }

    /** Main and pool threads wait since shortly after start; others since a recent tick. */
    private long waitStart(WaitingThread t) {
        long age = Math.max(1, nowTick - t.createTick());
        long since = t.index() == 0 ? random.nextLong(age * 3 / 4, age + 1) : random.nextLong(0, age + 1);
        return nowTick - Math.min(since, age);
    }

    private static List<String> kernelChain(ThreadRole role) {
        List<String> chain = new ArrayList<>(WaitShape.COMMON_HEAD);
        for (String site : role.shape().kernelSites()) {
            if (site.equals(SystemRoutine.SITE)) {
                String callee = chain.get(chain.size() - 1);
                site = role.routine().site(callee.substring(0, callee.indexOf('+')));
            }
            chain.add(site);
        }
        return chain;
    }

    private static List<String> userChain(WaitingThread t) {
        return userChain(t.role().shape().userSites(), t.role().origin(), t.userCode());
    }

    /**
     * The user chain from the stub up: what the wait's shape calls through, then the thread's own
     * start; frames in images the process has not loaded (KERNELBASE and KERNEL32 in a native
     * process) are left out, as the caller there is ntdll or the exe itself.
     */
    static List<String> userChain(List<String> innermost, ThreadRole.Origin origin, CodeMap userCode) {
        List<String> chain = new ArrayList<>();
        for (String site : innermost) {
            if (loaded(site, userCode)) {
                chain.add(site);
            }
        }
        boolean exe = userCode.has(CodeMap.EXE);
        switch (origin) {
            case MAIN:
                if (exe) {
                    chain.add(CodeMap.EXE + "!" + UserCode.mainFunction(userCode.image(CodeMap.EXE)) + "+0x1c7");
                    chain.add(CodeMap.EXE + "!__scrt_common_main_seh+0x10c");
                }
                break;
            case THREAD:
                chain.add(exe ? CodeMap.EXE + "!ThreadProc+0x5b" : "ntdll!TppWorkerThread+0x2f7");
                break;
            default:
                chain.add("ntdll!TppWorkerThread+0x2f7");
        }
        for (String site : THREAD_START) {
            if (loaded(site, userCode)) {
                chain.add(site);
            }
        }
        return chain;
    }

    private static boolean loaded(String site, CodeMap userCode) {
        return userCode.has(site.substring(0, site.indexOf('!')));
    }

    /** What each callee spilled into its caller's home area: the arguments WinDbg shows as "Args to Child". */
    private Function<String, long[]> homeArguments(WaitingThread t, StructBuffer thread, List<Long> objects, long prcb,
                                                   long initialStack) {
        WaitShape shape = t.role().shape();
        long mode = shape.userMode() ? 1 : 0;
        long alertable = shape.alertable() ? 1 : 0;
        long first = objects.isEmpty() ? 0 : objects.get(0);
        long handle = 0x40 + 4L * random.nextInt(0x100);
        long waitBlocks = thread.addressOf("Tcb.WaitBlock");
        return function -> {
            switch (function) {
                case "KiSwapContext":
                    return new long[] {prcb, 0xffffffffL, initialStack - 0x430, t.process().eprocess() + 0x680};
                case "KiSwapThread":
                    return new long[] {t.ethread(), prcb, 0, 0};
                case "KiCommitThreadWait":
                    return new long[] {t.ethread(), 0, waitBlocks, 0};
                case "KeWaitForSingleObject":
                    return new long[] {first, shape.waitReason(), mode, alertable};
                case "KeWaitForMultipleObjects":
                    return new long[] {objects.size(), initialStack - 0x2d0, WAIT_ANY, shape.waitReason()};
                case "KeRemoveQueueEx":
                    return new long[] {first, mode, alertable, 0};
                case "KeRemovePriQueue":
                    return new long[] {first, 0, 0, 0};
                case "KeDelayExecutionThread":
                    return new long[] {mode, alertable, initialStack - 0x2f0, 0};
                case "ObWaitForSingleObject":
                    return new long[] {handle, mode, 0, 0};
                case "NtWaitForSingleObject":
                    return new long[] {handle, alertable, 0, 0};
                case "IoRemoveIoCompletion":
                    return new long[] {first, initialStack - 0x3e0, initialStack - 0x3d8, 0};
                default:
                    return NO_ARGUMENTS;
            }
        };
    }

    /** Values bodies leave in the registers they saved: the thread, its process, its processor, small counts. */
    private LongSupplier pick(long... values) {
        return () -> values[random.nextInt(values.length)];
    }
}
