package dev.kdlab.debugger.breakpoints;

import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.code.CodeView;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.target.ProcessLab;
import dev.kdlab.target.ProcessLab.Event;
import dev.kdlab.target.ProcessLab.Failed;
import dev.kdlab.target.ProcessLab.Finished;
import dev.kdlab.target.ProcessLab.Stopped;

import java.io.PrintStream;

/**
 * Starts and resumes the kernel's flows for the session's commands and shows where they end: a
 * stop prints {@code Breakpoint 0 hit} (for a breakpoint), the routine's label and its first
 * instruction as {@code u} prints them, moves the session into the creating thread's context and
 * runs the breakpoint's commands; the end of a creation prints the new process as
 * {@code !process <addr> 0} does and returns to the debugger's own context.
 */
public final class FlowRunner {
    private FlowRunner() {
    }

    /** The target's lab, or WinDbg's error for a target that cannot run (a dump). */
    public static ProcessLab lab(Session session) throws CommandException {
        return session.target().processLab().orElseThrow(() -> new CommandException(
                "kdlab: this target cannot run the kernel's flows (a dump file is a still picture); "
                        + "start kdlab on the live machine"));
    }

    /**
     * The lab for a command that starts a flow: a session over a snapshot of the live machine first
     * boots the machine itself and goes on over it (edits made to the snapshot do not carry over).
     */
    public static ProcessLab labToRun(Session session, PrintStream out) throws CommandException {
        if (session.target().processLab().isEmpty() && session.target().isLive() && session.runnableMachine() != null) {
            out.println("kdlab: booting the live machine to run its kernel (the snapshot is a still picture; "
                    + "edits made to it do not carry over)");
            session.switchTarget(session.runnableMachine().get());
            session.onRunnableMachine(null);
        }
        return session.target().processLab().orElseThrow(() -> new CommandException(
                "kdlab: this target cannot run the kernel's flows (a dump file is a still picture); "
                        + "start kdlab on the live machine"));
    }

    /** Refuses to start a flow while another waits at a stop. */
    public static void requireIdle(ProcessLab lab, String command) throws CommandException {
        if (lab.isStopped()) {
            throw new CommandException("kdlab: " + command + " is not possible while a flow is stopped; "
                    + "let it finish first (g)");
        }
    }

    /** Lets a stopped flow go on ({@code g}, {@code t}, {@code p}, {@code gu}) and shows its next event. */
    public static void resume(Invocation invocation, ProcessLab.Resume how, String commandText)
            throws CommandException, NoRunnableDebuggees {
        ProcessLab lab = invocation.session().target().processLab().orElse(null);
        if (lab == null || !lab.isStopped()) {
            throw new NoRunnableDebuggees(commandText);
        }
        show(invocation, lab.resume(how), "go on");
    }

    /** Shows what a flow's start or resumption ended in. */
    public static void show(Invocation invocation, Event event, String what) throws CommandException {
        Session session = invocation.session();
        PrintStream out = invocation.out();
        session.setFlowStop(event instanceof Stopped stopped ? stopped : null);
        if (event instanceof Failed failed) {
            throw new CommandException("Unable to " + what + ": " + NtStatusText.describe(failed.status()));
        }
        if (event instanceof Finished finished) {
            session.resetContext();
            invocation.lines().run("!process " + Hex.plain(finished.eprocess()) + " 0", out);
            return;
        }
        Stopped stop = (Stopped) event;
        Breakpoint hit = null;
        if (stop.breakpoint()) {
            hit = session.breakpoints().lastHit().orElse(null);
            if (hit != null) {
                out.println("Breakpoint " + hit.id() + " hit");
                if (hit.oneShot()) {
                    session.breakpoints().clear(hit.id());
                }
            }
        }
        enterContext(session, stop);
        // The routine's own name: a new process's loader runs before its module list names ntdll
        String name = stop.at().name();
        boolean named = stop.returned() && stop.at().address() != 0;
        out.println((named ? session.kernelModules().describe(stop.at().address())
                : name.contains("!") ? name : "nt!" + name) + ":");
        if (stop.at().address() != 0) {
            CodeView code = new CodeView(session);
            out.println(code.line(stop.at().address(), code.decode(stop.at().address())));
        }
        if (hit != null && !hit.command().isEmpty()) {
            invocation.lines().run(hit.command(), out);
        }
    }

    /** At a stop the current thread is the one running the flow: the creator's (or, in the loader, the new process's). */
    private static void enterContext(Session session, Stopped stop) throws CommandException {
        if (stop.process() == 0) {
            session.resetContext();
            return;
        }
        try {
            session.setImplicitProcess(stop.process());
            session.setImplicitThread(stop.thread());
        } catch (MemoryAccessException e) {
            session.resetContext();
        }
    }
}
