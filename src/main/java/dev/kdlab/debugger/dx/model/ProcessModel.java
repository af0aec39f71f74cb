package dev.kdlab.debugger.dx.model;

import dev.kdlab.debugger.dx.ModelCollection;
import dev.kdlab.debugger.dx.ModelObject;
import dev.kdlab.debugger.dx.NativeValue;
import dev.kdlab.debugger.dx.NumberValue;
import dev.kdlab.debugger.dx.StringValue;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.views.Eprocess;
import dev.kdlab.debugger.views.Ethread;
import dev.kdlab.debugger.views.ProcessorBlock;
import dev.kdlab.debugger.views.ProcessorBlocks;
import dev.kdlab.debugger.views.ListWalk;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The session's processes as the data model shows them in kernel mode (transcripts 2.10, 6.8): the Idle process
 * first (machine-19045 6.2: no list holds it, dx lists it first), then nt!PsActiveProcessHead in list order, each keyed by its id and shown by its image
 * name with {@code [Switch To]}. A process has its KernelObject (the {@code _EPROCESS}), Name, Id, Handle (the
 * engine's handle for a process of a kernel session, always 0xf0f0f0f0 in lkd), Threads, Modules, Environment
 * (EnvironmentBlock: the PEB, in the process's own address space), Attributes and Io (Handles, read from its
 * handle table); {@code Handles} answers too. Its threads, modules and handles are {@link ThreadModel}'s,
 * {@link ModuleModel}'s and {@link HandleModel}'s.
 */
public final class ProcessModel {
    /** What an lkd session shows as a process's Handle (transcripts 6.8). */
    private static final long KERNEL_PROCESS_HANDLE = 0xf0f0f0f0L;

    private final DxContext context;
    private final Session session;
    private final ThreadModel threads;
    private final ModuleModel modules;
    private final HandleModel handles;

    ProcessModel(DxContext context) {
        this.context = context;
        this.session = context.session();
        this.threads = new ThreadModel(context);
        this.modules = new ModuleModel(context);
        this.handles = new HandleModel(context);
    }

    /** Every process: Idle, then the active list, read as the collection is iterated. */
    public ModelCollection all() {
        return new ModelCollection(() -> ModelCollection.madeFrom(addresses(), eprocess -> {
            try {
                return new ModelCollection.Element(NumberValue.unsigned(Eprocess.at(session, eprocess).processId()),
                        process(eprocess));
            } catch (MemoryAccessException e) {
                return null;   // an entry whose id cannot be read is not shown, as a list ends where it cannot be read
            }
        }), context.poll(), DataModel.PROCESSES_HELP);
    }

    /** The Idle EPROCESS (nt!KiInitialProcess), then those of nt!PsActiveProcessHead. */
    private Iterator<Long> addresses() {
        long linkOffset = session.type("_EPROCESS").offsetOf("ActiveProcessLinks");
        Iterator<Long> links = ListWalk.fromHead(session.kernel(), session.symbolOrZero("PsActiveProcessHead"))
                .iterator();
        OptionalLong idle = idleProcess();
        return new Iterator<>() {
            private boolean idleDone = idle.isEmpty();

            @Override
            public boolean hasNext() {
                return !idleDone || links.hasNext();
            }

            @Override
            public Long next() {
                if (!idleDone) {
                    idleDone = true;
                    return idle.getAsLong();
                }
                return links.next() - linkOffset;
            }
        };
    }

    /**
     * The Idle process, which no list holds: the process of processor 0's idle thread (KPRCB.IdleThread), found
     * the way kdexts finds the idle threads.
     */
    private OptionalLong idleProcess() {
        try {
            Optional<ProcessorBlock> prcb = ProcessorBlocks.find(session, 0);
            if (prcb.isEmpty()) {
                return OptionalLong.empty();
            }
            long idle = Ethread.at(session, prcb.get().idleThread()).process();
            return idle == 0 ? OptionalLong.empty() : OptionalLong.of(idle);
        } catch (MemoryAccessException e) {
            return OptionalLong.empty();
        }
    }

    /** One process's object. */
    public ModelObject process(long eprocess) {
        Eprocess process = Eprocess.at(session, eprocess);
        return ModelObject.switchable(process::imageFileName, "A process of the session")
                .add("KernelObject", "The process's _EPROCESS",
                        () -> NativeValue.at(session.type("_EPROCESS"), session.kernel(), eprocess))
                .add("Name", "The process's image name", () -> new StringValue(process.imageFileName()))
                .add("Id", "The process's id", () -> NumberValue.unsigned(process.processId()))
                .add("Handle", "The debugger's handle for the process", NumberValue.unsigned(KERNEL_PROCESS_HANDLE))
                .add("Threads", "The process's threads, keyed by thread id", () -> threads.of(eprocess))
                .add("Modules", "The modules of the process's address space: its loader list's images, then the"
                        + " kernel's", () -> modules.of(eprocess))
                .add("Environment", "The process's environment: its PEB", () -> environment(eprocess))
                .add("Attributes", "What the process's _EPROCESS says of it", () -> attributes(process))
                .add("Io", "The process's I/O: its handles", () -> ModelObject.of(null, null)
                        .add("Handles", HandleModel.HELP, () -> handles.of(eprocess)))
                .addHidden("Handles", () -> handles.of(eprocess));
    }

    private ModelObject environment(long eprocess) {
        return ModelObject.of(null, null).add("EnvironmentBlock", "The process's PEB", () -> NativeValue.at(
                session.type("_PEB"), memoryOf(session, eprocess), Eprocess.at(session, eprocess).peb()));
    }

    /** The session, the parent and the creation time: kdlab's reading of the process's attributes. */
    private ModelObject attributes(Eprocess process) {
        ModelObject attributes = ModelObject.of(null, null);
        OptionalLong sessionId = process.sessionId();
        if (sessionId.isPresent()) {
            attributes.add("SessionId", "The id of the process's session", NumberValue.unsigned(sessionId.getAsLong()));
        }
        return attributes
                .add("ParentId", "The id of the process that created it",
                        () -> NumberValue.unsigned(process.parentProcessId()))
                .add("CreateTime", "When the process was created", () -> NativeValue.at(
                        session.type("_LARGE_INTEGER"), session.kernel(),
                        session.kernelStruct("_EPROCESS", process.address()).addressOf("CreateTime")));
    }

    /** The process's own address space: the implicit process's memory, or its page tables. */
    static VirtualMemory memoryOf(Session session, long eprocess) {
        return eprocess == session.implicitProcess() ? session.memory() : Eprocess.at(session, eprocess).addressSpace();
    }

    public ModelObject thread(long ethread) {
        return threads.thread(ethread);
    }

    public ModelObject stack(long ethread) {
        return threads.stack(ethread);
    }
}
