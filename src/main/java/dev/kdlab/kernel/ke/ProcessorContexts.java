package dev.kdlab.kernel.ke;

import dev.kdlab.kernel.NtTypes;
import dev.kdlab.struct.StructBuffer;
import dev.kdlab.struct.StructView;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.image.CodeMap;
import dev.kdlab.kernel.image.NtCode;
import dev.kdlab.kernel.mm.UserSpace;

import dev.kdlab.memory.Pte;
import dev.kdlab.pe.Register;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The threads that run: each processor's KPRCB.ProcessorState.ContextFrame holds the registers of
 * the thread on it (what KiSaveProcessorState leaves and what a local kernel debugger reads as the
 * current context). An idle thread sits in PoIdle under KiIdleLoop; the debugger's own thread on
 * processor 0 is inside NtSystemDebugControl, reading memory for kd.exe. An idle thread whose
 * processor runs something else waits in Standby, switched out in KiIdleLoop.
 */
public final class ProcessorContexts {
    private static final int RUNNING = 2;
    private static final int READY = 1;
    /** MMSUPPORT_FLAGS.MemoryPriority of the foreground process. */
    private static final int MEMORY_PRIORITY_FOREGROUND = 2;
    private static final long CONTEXT_FULL = 0x10001f;
    private static final long[] NO_ARGUMENTS = new long[0];
    private static final long KERNEL_EFLAGS = 0x246;
    private static final List<String> IDLE = List.of("PoIdle+0x33a", "KiIdleLoop+0x9e");
    private static final List<String> IDLE_SWITCHED_OUT = List.of("KiSwapContext+0x76", "KiIdleLoop+0x14b");
    private static final List<String> DEBUGGER = List.of("KdpCopyMemoryChunks+0x7c", "KdSystemDebugControl+0x2f6",
            "NtSystemDebugControl+0x2d", "KiSystemServiceCopyEnd+0x25");
    private static final List<String> DEBUGGER_USER = List.of("ntdll!NtSystemDebugControl");
    /** CPU 0's idle stack sits after the kernel image (machine-19045.md 5.1: fffff807`20e6f000 on a kernel at fffff807`1e018000). */
    private static final long IDLE_STACKS = 0x2e5e000;

    private final KernelSpace space;
    private final NtImage ntImage;
    private final CodeMap nt;
    private final Processors processors;
    private final Pool pagedPool;
    private final SplittableRandom random;
    private final long nowTick;

    public ProcessorContexts(KernelSpace space, NtImage ntImage, Processors processors, Pool pagedPool,
                             SplittableRandom random, long nowTick) {
        this.space = space;
        this.ntImage = ntImage;
        this.nt = new CodeMap().add("nt", NtCode.image(), ntImage.base());
        this.processors = processors;
        this.pagedPool = pagedPool;
        this.random = random;
        this.nowTick = nowTick;
    }

    /**
     * The idle thread of a processor: its stack, Priority 0, and the context it runs or waits in;
     * returns its kernel time in ticks (the Idle process's time is its threads' sum). On the
     * processor the debugger's thread runs on, the idle thread was switched out in KiIdleLoop and is
     * Ready to run again when that thread waits; the processor has chosen no next thread.
     */
    public long settleIdle(int cpu) {
        long thread = processors.idleThread(cpu);
        long base = ntImage.base() + IDLE_STACKS + 0x8000L * cpu;
        for (long page = base - KernelThreads.KERNEL_STACK_SIZE; page < base; page += 0x1000) {
            space.mapper().map(space.memory().directoryTableBase(), page, space.frames().allocate(), Pte.KERNEL_DATA);
        }
        long initialStack = base - KernelThreads.XSAVE_AREA;
        boolean running = processors.currentThread(cpu) == thread;
        ThreadStackWriter writer = new ThreadStackWriter(name -> NO_ARGUMENTS, this::scratch);
        ThreadStackWriter.KernelState state = writer.writeKernel(space.memory(), nt, running ? IDLE : IDLE_SWITCHED_OUT,
                running, initialStack, null, 0);
        long idleLoop = ntImage.address(NtCode.image().rvaOf("KiIdleLoop"));
        long kernelTime = nowTick * 4 / 5 - random.nextLong(0, nowTick / 20);
        NtTypes.buffer(space.memory(), "_ETHREAD", thread)
                .put("Tcb.InitialStack", initialStack)
                .put("Tcb.StackBase", base)
                .put("Tcb.StackLimit", base - KernelThreads.KERNEL_STACK_SIZE)
                .put("Tcb.KernelStack", running ? state.rsp() - 0x40 : state.kernelStack())
                .put("Tcb.State", running ? RUNNING : READY)
                .put("Tcb.Running", running ? 1 : 0)
                .put("Tcb.Priority", 0)
                .put("Tcb.BasePriority", 0)
                .put("Tcb.KernelStackResident", 1)
                .put("Tcb.SystemThread", 1)
                .put("Tcb.IdealProcessor", cpu)
                .put("Tcb.NextProcessor", cpu)
                .put("Tcb.WaitTime", random.nextLong(nowTick / 8, nowTick / 4))
                .put("Tcb.KernelTime", kernelTime)
                .put("Tcb.ContextSwitches", nowTick * 3 + random.nextLong(0, nowTick))
                .put("ThreadPagePriority", 5)
                .put("StartAddress", idleLoop)
                .put("Win32StartAddress", idleLoop)
                .flush();
        if (running) {
            writeContext(cpu, state);
        }   // else the processor runs the debugger's thread and has chosen no next one: NextThread stays 0
        return kernelTime;
    }

    /** The debugger's thread, running on {@code cpu} inside NtSystemDebugControl; returns its kernel and user ticks. */
    public long[] settleRunning(int cpu, long ethread, KeProcess process, CodeMap userCode,
                       int basePriority) throws dev.kdlab.memory.MemoryAccessException {
        StructBuffer thread = NtTypes.buffer(space.memory(), "_ETHREAD", ethread);
        long initialStack = thread.get("Tcb.InitialStack");
        UserSpace user = process.user();
        long teb = thread.get("Tcb.Teb");
        long stackBase = user.memory().readLong(teb + NtTypes.offsetOf("_TEB", "NtTib.StackBase"));
        ThreadStackWriter userWriter = new ThreadStackWriter(name -> NO_ARGUMENTS, this::scratch);
        ThreadStackWriter.UserState state = userWriter.writeUser(user.memory(), userCode,
                ThreadWaits.userChain(DEBUGGER_USER, ThreadRole.Origin.MAIN, userCode), stackBase,
                thread.get("Win32StartAddress"), 0);
        ThreadStackWriter.KernelState kernelState = new ThreadStackWriter(name -> NO_ARGUMENTS, this::scratch)
                .writeKernel(space.memory(), nt, DEBUGGER, true, initialStack, state, 0x70);
        long kernelTime = random.nextLong(1, 40);
        long userTime = random.nextLong(1, 20);
        thread.put("Tcb.TrapFrame", kernelState.trapFrame())
                .put("Tcb.KernelStack", kernelState.rsp() - 0x40)
                .put("Tcb.Running", 1)
                .put("Tcb.Priority", basePriority + 1)
                .put("Tcb.WaitTime", nowTick)
                .put("Tcb.KernelTime", kernelTime)
                .put("Tcb.UserTime", userTime)
                .put("Tcb.ContextSwitches", random.nextLong(200, 2000))
                .put("Tcb.IdealProcessor", cpu)
                .put("Tcb.Win32Thread", pagedPool.allocate("Usti", 0x3a0))
                .put("Tcb.PreviousMode", 1)
                .flush();
        writeContext(cpu, kernelState);
        // the debugger's console is the foreground app: PsSetProcessPriorityByClass raised its memory priority
        space.struct("_EPROCESS", process.eprocess()).put("Vm.Instance.Flags.MemoryPriority", MEMORY_PRIORITY_FOREGROUND);
        return new long[] {kernelTime, userTime};
    }

    private void writeContext(int cpu, ThreadStackWriter.KernelState state) {
        writeContext(space, processors, cpu, state);
    }

    /** KiSaveProcessorState's ContextFrame: the registers a debugger reads for the thread running on {@code cpu}. */
    static void writeContext(KernelSpace space, Processors processors, int cpu, ThreadStackWriter.KernelState state) {
        StructView context = space.struct("_KPRCB", processors.prcb(cpu));
        String frame = "ProcessorState.ContextFrame.";
        context.put(frame + "ContextFlags", CONTEXT_FULL)
                .put(frame + "MxCsr", 0x1f80)
                .put(frame + "SegCs", 0x10)
                .put(frame + "SegDs", 0x2b)
                .put(frame + "SegEs", 0x2b)
                .put(frame + "SegFs", 0x53)
                .put(frame + "SegGs", 0x2b)
                .put(frame + "SegSs", 0x18)
                .put(frame + "EFlags", KERNEL_EFLAGS)
                .put(frame + "Rip", state.rip());
        for (Register r : Register.values()) {
            String name = r.name().charAt(0) + r.name().substring(1).toLowerCase(java.util.Locale.ROOT);
            context.put(frame + name, state.registers()[r.number()]);
        }
    }

    private long scratch() {
        return random.nextInt(4) == 0 ? random.nextLong(0, 0x40) : 0;
    }
}
