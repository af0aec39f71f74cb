package dev.kdlab.debugger.stack;

import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.debugger.views.Eprocess;
import dev.kdlab.debugger.views.Ethread;
import dev.kdlab.debugger.views.LoaderList;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stack traces of threads for one command. A thread's user frames are read, and its user modules
 * resolved, only when its process is the one whose context the command works in (the implicit
 * process, or the thread's own with {@code !thread}/{@code !process} flag 0x10): in lkd other
 * processes' user halves are not mapped, so their first user frame prints as a bare address with
 * nothing above it (transcripts 1.6).
 */
public final class StackTraces {
    public static final int DEFAULT_FRAMES = 0x100;

    /** The frames and the modules their addresses resolve against. */
    public record Trace(List<Frame> frames, ModuleList modules) {
    }

    private final Session session;
    private final UnwindTables tables;
    private final Unwinder.FrameLayout frames;
    private final Map<Long, ModuleList> modulesByProcess = new HashMap<>();

    public StackTraces(Session session) {
        this.session = session;
        this.tables = new UnwindTables(session.target().types());
        this.frames = Unwinder.FrameLayout.of(session.target().types());
    }

    /** @param userContext the process whose user half is readable (0 for none) */
    public Trace of(long ethread, long userContext, int maxFrames) throws MemoryAccessException {
        long process = Ethread.at(session, ethread).process();
        VirtualMemory user = process == userContext && process != 0 ? processMemory(process) : null;
        ModuleList modules = user == null ? session.kernelModules() : userModules(process, user);
        StackMemory memory = new StackMemory(session.kernel(), user);
        StackWalker walker = new StackWalker(memory, new Unwinder(memory, modules, tables, frames));
        return new Trace(walker.walk(ThreadContexts.of(session, ethread), maxFrames), modules);
    }

    /** The modules of a process's context: the kernel's and its loader list's. */
    public ModuleList modulesOf(long process) throws MemoryAccessException {
        return process == 0 ? session.kernelModules() : userModules(process, processMemory(process));
    }

    private ModuleList userModules(long process, VirtualMemory memory) {
        return modulesByProcess.computeIfAbsent(process, p -> {
            try {
                long peb = Eprocess.at(session, p).peb();
                return session.kernelModules().withUserModules(LoaderList.process(session, memory, peb),
                        session.target().symbolStore());
            } catch (MemoryAccessException e) {
                return session.kernelModules();
            }
        });
    }

    private VirtualMemory processMemory(long process) throws MemoryAccessException {
        if (process == session.implicitProcess()) {
            return session.memory();
        }
        return Eprocess.at(session, process).addressSpace();
    }
}
