package dev.kdlab.target;

import dev.kdlab.struct.FieldWrite;

import java.util.List;
import java.util.function.LongPredicate;

/**
 * A machine whose kernel can still run its process creation and exit flows for a debugger: the
 * live emulated kernel has one, a dump has none. The flow runs on a thread of its own and passes a
 * gate at the entry and exit of each named routine; where the debugger wants (a breakpoint's
 * address, a step) the flow hands over a {@link Stopped} event and waits, parked, until
 * {@link #resume}: while it waits memory does not change, and every command reads the half-built
 * machine. Only these flows run: there is no instruction emulation.
 */
public interface ProcessLab {

    /** {@code .create}: what NtCreateUserProcess is asked for; null parts follow from the parent. */
    record CreateRequest(String imagePath, String arguments, Long parentProcessId, String user, Integer sessionId,
                         boolean suspended) {
    }

    /** A routine of the flow: its name ({@code PspInsertProcess}, {@code ntdll!LdrpLoadDll}) and address (0: no symbol). */
    record Routine(String name, long address) {
    }

    /** Where the flow is: the last event a creation or exit handed the debugger. */
    sealed interface Event permits Stopped, Finished, Failed {
    }

    /**
     * The flow waits: at the entry of {@code at} (or, after a step out, just back in the routine that
     * called it); {@code chain} holds the routines entered, outermost first (the call stack); the
     * process and thread whose context the routine runs in; {@code breakpoint} when the debugger's
     * breakpoint test asked for this stop rather than a step.
     */
    record Stopped(Routine at, List<Routine> chain, boolean returned, long process, long thread,
                   boolean breakpoint) implements Event {
    }

    /** The flow ran to its end: the process created (or terminated). */
    record Finished(long eprocess, long processId) implements Event {
    }

    /** The request was refused before anything was written, with the NTSTATUS NtCreateUserProcess returns. */
    record Failed(long status, String name) implements Event {
    }

    /** How a stopped flow goes on: g, t (next routine), p (next routine not deeper), gu (until this routine returns). */
    enum Resume { GO, STEP_INTO, STEP_OVER, STEP_OUT }

    /** One field a step of the flow wrote: the routine that wrote it and the creation stage (3A..3F, 4, 6, 7, exit). */
    record TracedWrite(String routine, String stage, FieldWrite write) {
    }

    /** Runs NtCreateUserProcess until the end or a stop; {@code breakAt} tells, at each routine entry, whether to stop. */
    Event create(CreateRequest request, LongPredicate breakAt);

    /** Runs NtTerminateProcess on a process until the end or a stop. */
    Event kill(long processId, LongPredicate breakAt);

    /** Lets a stopped flow go on; returns its next event. */
    Event resume(Resume how);

    /** True while a flow waits at a stop. */
    boolean isStopped();

    /** The fields the last creation or exit wrote, in order. */
    List<TracedWrite> trace();
}
