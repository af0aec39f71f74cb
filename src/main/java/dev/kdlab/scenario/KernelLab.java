package dev.kdlab.scenario;

import dev.kdlab.kernel.RoutineGate;
import dev.kdlab.kernel.image.NtCode;
import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.kernel.init.ThreadActivity;
import dev.kdlab.kernel.ke.BreakContext;
import dev.kdlab.kernel.ke.SystemClock;
import dev.kdlab.kernel.ps.ProcessCreateInfo;
import dev.kdlab.kernel.ps.ProcessManager.CreatedProcess;
import dev.kdlab.struct.FieldWrite;
import dev.kdlab.struct.FieldWrites;
import dev.kdlab.target.ProcessLab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * The booted kernel's creation and exit flows for a debugger. A flow runs on a thread of its own,
 * watching the kernel's {@link RoutineGate}: at each routine entry it asks the debugger's breakpoint
 * test, and when that or a step says stop it hands the debugger a {@link Stopped} event and parks
 * until {@link #resume}. The debugger's thread is blocked while the flow runs and the flow's while
 * the debugger works, so memory is quiescent whichever runs. The flow also records every field it
 * writes, with the routine and the stage of process creation (Windows Internals ch. 3) it belongs to.
 */
final class KernelLab implements ProcessLab {
    private static final long STATUS_UNSUCCESSFUL = 0xc0000001L;
    /** Where KiSystemCall64 called the system service (transcripts: KiSystemServiceCopyEnd+0x25). */
    private static final String SYSTEM_SERVICE_RETURN = "KiSystemServiceCopyEnd+0x25";
    /** TerminateProcess(h, 1), as Task Manager ends a task. */
    private static final long TERMINATED_EXIT_STATUS = 1;
    /** Each flow happens a moment after the last: the clock moves a second. */
    private static final long FLOW_INTERVAL = 10_000_000;
    /** The stage each routine belongs to (Windows Internals, "Flow of CreateProcess"); callees inherit it. */
    private static final Map<String, String> STAGES = Map.ofEntries(
            Map.entry("PspSetupProcess", "3A"), Map.entry("MmCreateProcessAddressSpace", "3B"),
            Map.entry("KeInitializeProcess", "3C"), Map.entry("MmInitializeProcessAddressSpace", "3D"),
            Map.entry("MmCreatePeb", "3E"), Map.entry("PspInsertProcess", "3F"), Map.entry("PspCreateThread", "4"),
            Map.entry("ntdll!LdrInitializeThunk", "7"), Map.entry("NtTerminateProcess", "exit"));

    private final Kernel kernel;
    private final CreateRequests requests;
    private final SynchronousQueue<Event> events = new SynchronousQueue<>();
    private final SynchronousQueue<Resume> resumes = new SynchronousQueue<>();
    private boolean stopped;
    private List<TracedWrite> trace = List.of();

    // The flow thread's own state (the debugger thread reads none of it while the flow runs).
    private LongPredicate breakAt;
    private Resume mode;
    private int stepDepth;
    private long creatorProcess;
    private long creatorThread;
    private CreatedProcess creator;
    private java.util.function.Consumer<FieldWrite> recorder;
    private long newProcess;
    private long newThread;
    private List<RoutineGate.Routine> chain = List.of();

    KernelLab(Kernel kernel) {
        this.kernel = kernel;
        this.requests = new CreateRequests(kernel);
    }

    @Override
    public synchronized Event create(CreateRequest request, LongPredicate breakpoints) {
        requireIdle();
        Object resolved = requests.resolve(request, requests.now() + FLOW_INTERVAL);
        if (resolved instanceof Failed failed) {
            return failed;
        }
        ProcessCreateInfo info = (ProcessCreateInfo) resolved;
        CreatedProcess parent = requests.running(info.parentProcessId()).orElseThrow();
        moveClock(info.createTime());
        creator = parent;
        return start("kdlab-create", breakpoints, parent.eprocess(), parent.threads().get(0), () -> {
            CreatedProcess created = kernel.processes().NtCreateUserProcess(info);
            return new Finished(created.eprocess(), created.processId());
        });
    }

    @Override
    public synchronized Event kill(long processId, LongPredicate breakpoints) {
        requireIdle();
        var process = requests.running(processId);
        if (process.isEmpty()) {
            return new Failed(CreateRequests.STATUS_INVALID_CID, "STATUS_INVALID_CID");
        }
        long eprocess = process.get().eprocess();
        long debuggerThread = kernel.processors().currentThread(0);
        boolean debuggersOwn = process.get().threads().contains(debuggerThread);
        if (debuggersOwn || kernel.space().struct("_EPROCESS", eprocess).get("Protection.Level") != 0) {
            return new Failed(CreateRequests.STATUS_ACCESS_DENIED, "STATUS_ACCESS_DENIED");
        }
        long time = requests.now() + FLOW_INTERVAL;
        moveClock(time);
        creator = kernel.processes().createdProcesses().stream().filter(p -> p.threads().contains(debuggerThread))
                .findFirst().orElse(null);
        return start("kdlab-kill", breakpoints, creator == null ? 0 : creator.eprocess(), debuggerThread, () -> {
            kernel.processes().NtTerminateProcess(eprocess, TERMINATED_EXIT_STATUS, time);
            return new Finished(eprocess, processId);
        });
    }

    @Override
    public synchronized Event resume(Resume how) {
        if (!stopped) {
            throw new IllegalStateException("no flow is stopped");
        }
        stopped = false;
        put(resumes, how);
        return next();
    }

    @Override
    public synchronized boolean isStopped() {
        return stopped;
    }

    @Override
    public synchronized List<TracedWrite> trace() {
        return stopped ? List.copyOf(trace) : Collections.unmodifiableList(trace);
    }

    private void requireIdle() {
        if (stopped) {
            throw new IllegalStateException("a flow is stopped");
        }
    }

    private void moveClock(long time) {
        SystemClock.KeUpdateSystemTime(kernel.space(), kernel.nt(), kernel.processorCount(), time);
    }

    /** Runs {@code body} on the flow's thread and returns its first event (a stop or the end). */
    private Event start(String name, LongPredicate breakpoints, long process, long thread, Supplier<Event> body) {
        breakAt = breakpoints;
        mode = Resume.GO;
        creatorProcess = process;
        creatorThread = thread;
        newProcess = 0;
        newThread = 0;
        List<TracedWrite> writes = new ArrayList<>();
        trace = writes;
        Thread flow = new Thread(() -> {
            Event end;
            kernel.gate().watch(new Watcher());
            recorder = write -> writes.add(traced(write));
            FieldWrites.start(recorder);
            try {
                end = body.get();
            } catch (RuntimeException e) {
                end = new Failed(STATUS_UNSUCCESSFUL, "STATUS_UNSUCCESSFUL");
            } finally {
                FieldWrites.stop();
                kernel.gate().watch(null);
            }
            put(events, end);
        }, name);
        flow.setDaemon(true);   // a session that quits while a flow is stopped leaves it parked
        flow.start();
        return next();
    }

    private Event next() {
        Event event = take(events);
        stopped = event instanceof Stopped;
        return event;
    }

    /** A write, with the routine that made it and its stage; the first EPROCESS and ETHREAD written are the new ones. */
    private TracedWrite traced(FieldWrite write) {
        if (newProcess == 0 && write.type().equals("_EPROCESS")) {
            newProcess = write.address() - kernel.space().struct("_EPROCESS", 0).addressOf(write.field());
        }
        if (newThread == 0 && write.type().equals("_ETHREAD")) {
            newThread = write.address() - kernel.space().struct("_ETHREAD", 0).addressOf(write.field());
        }
        String routine = chain.isEmpty() ? "" : chain.get(chain.size() - 1).name();
        return new TracedWrite(routine, stage(), write);
    }

    private String stage() {
        for (int i = chain.size() - 1; i >= 0; i--) {
            String stage = STAGES.get(chain.get(i).name());
            if (stage != null) {
                return stage;
            }
        }
        return "-";
    }

    /** Decides at each gate whether the flow stops; runs on the flow's thread. */
    private final class Watcher implements RoutineGate.Watcher {
        @Override
        public void entered(RoutineGate.Routine routine, List<RoutineGate.Routine> routines) {
            chain = routines;
            boolean breakpoint = routine.address() != 0 && breakAt.test(routine.address());
            boolean step = mode == Resume.STEP_INTO || mode == Resume.STEP_OVER && routines.size() <= stepDepth;
            if (breakpoint || step) {
                stop(routine, routines, false, breakpoint, null);
            }
        }

        @Override
        public void leaving(RoutineGate.Routine routine, List<RoutineGate.Routine> routines) {
            chain = routines;
            if (mode == Resume.STEP_OUT && routines.size() == stepDepth && routines.size() >= 2) {
                List<RoutineGate.Routine> callers = routines.subList(0, routines.size() - 1);
                RoutineGate.Routine caller = callers.get(callers.size() - 1);
                long back = caller.address() == 0 ? 0 : kernel.nt().base()
                        + NtCode.image().rvaOf(caller.name()) + site(caller.name(), routine.name());
                stop(new RoutineGate.Routine(caller.name(), back), callers, true, false, routine);
            }
        }

        private void stop(RoutineGate.Routine at, List<RoutineGate.Routine> routines, boolean returned,
                          boolean breakpoint, RoutineGate.Routine returnedFrom) {
            List<Routine> frames = routines.stream().map(r -> new Routine(r.name(), r.address())).toList();
            boolean inNewProcess = frames.stream().anyMatch(r -> r.name().startsWith("ntdll!"));
            Stopped event = new Stopped(new Routine(at.name(), at.address()), frames, returned,
                    inNewProcess ? newProcess : creatorProcess, inNewProcess ? newThread : creatorThread, breakpoint);
            FieldWrites.stop();   // what the stop writes is the debugger's picture, not the flow's work
            BreakContext context = inNewProcess || at.address() == 0 ? null : breakContext(routines, returnedFrom);
            put(events, event);
            mode = take(resumes);
            if (context != null) {
                context.restore();
            }
            FieldWrites.start(recorder);
            // p from a routine's entry steps over it; from just after a return, over the caller's next call
            stepDepth = returned ? frames.size() + (mode == Resume.STEP_OVER ? 1 : 0) : frames.size();
        }
    }

    /**
     * The creating thread as a debugger sees it stopped: running on processor 0 at the routine's entry
     * (or, after gu, at the return into its caller), its stacks holding the flow's calls. None when the
     * creator has no user half to have made the system call from, or a routine of the chain has no code.
     */
    private BreakContext breakContext(List<RoutineGate.Routine> routines, RoutineGate.Routine returnedFrom) {
        if (creator == null || creator.user() == null || creatorThread == 0) {
            return null;
        }
        List<String> names = new ArrayList<>(routines.stream().map(RoutineGate.Routine::name).toList());
        if (returnedFrom != null) {
            names.add(returnedFrom.name());
        }
        if (!names.stream().allMatch(NtCode.image()::hasFunction)) {
            return null;
        }
        List<String> chain = new ArrayList<>();   // innermost first; after gu its first site is where the thread is
        for (int i = names.size() - 1; i >= 1; i--) {
            chain.add(names.get(i - 1) + "+0x" + Integer.toHexString(site(names.get(i - 1), names.get(i))));
        }
        chain.add(SYSTEM_SERVICE_RETURN);
        String service = names.get(0).startsWith("NtTerminate") ? "ntdll!NtTerminateProcess" : "ntdll!NtCreateUserProcess";
        long rip = returnedFrom == null ? kernel.nt().base() + NtCode.image().rvaOf(names.get(names.size() - 1))
                : kernel.nt().base() + NtCode.image().rvaOf(names.get(names.size() - 2))
                        + site(names.get(names.size() - 2), returnedFrom.name());
        return BreakContext.enter(kernel.space(), kernel.nt(), kernel.processors(), 0, creatorThread, creator,
                ThreadActivity.userCode(kernel, creator), service, chain, rip, returnedFrom == null);
    }

    /** Where {@code caller} returns to after calling {@code callee} (past its call; inside the body when it makes none). */
    private static int site(String caller, String callee) {
        return NtCode.image().returnOffset(caller, callee)
                .orElse(Math.max(1, NtCode.image().function(caller).size() / 2));
    }

    private static <T> void put(SynchronousQueue<T> queue, T value) {
        try {
            queue.put(value);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T take(SynchronousQueue<T> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
