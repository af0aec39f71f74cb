package dev.kdlab.debugger.stack;

import dev.kdlab.debugger.symbols.LoadedModule;
import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.pe.Register;
import dev.kdlab.pe.UnwindCode;
import dev.kdlab.pe.UnwindInfo;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeCatalog;

import java.util.Optional;

/**
 * One step of x64 unwinding, as RtlVirtualUnwind and WinDbg do it from bytes: find the module that
 * holds rip, its RUNTIME_FUNCTION and UNWIND_INFO, and undo the prolog: pushes pop, allocations
 * free, saved registers reload from the frame, a frame register gives rsp back, and a machine frame
 * yields the interrupted rip and rsp (a trap from user mode). Without unwind data the function is a
 * leaf: the return address is at [rsp].
 */
public final class Unwinder {
    /** The caller's registers, and the trap frame when the step crossed one. */
    public record Step(RegisterContext caller, long trapFrame) {
    }

    private final StackMemory memory;
    private final ModuleList modules;
    private final UnwindTables tables;
    private final FrameLayout frames;

    /**
     * Where a machine frame keeps the interrupted rsp ({@code _MACHINE_FRAME.Rsp}, from its Rip at the
     * start) and where a trap frame keeps its machine frame ({@code _KTRAP_FRAME.Rip}).
     */
    public record FrameLayout(long machineFrameRsp, long trapFrameRip) {
        public static FrameLayout of(TypeCatalog types) {
            StructType machineFrame = types.struct("_MACHINE_FRAME");
            return new FrameLayout(machineFrame.offsetOf("Rsp") - machineFrame.offsetOf("Rip"),
                    types.struct("_KTRAP_FRAME").offsetOf("Rip"));
        }
    }

    public Unwinder(StackMemory memory, ModuleList modules, UnwindTables tables, FrameLayout frames) {
        this.memory = memory;
        this.modules = modules;
        this.tables = tables;
        this.frames = frames;
    }

    /**
     * @param interrupted rip is where execution stopped (the first frame, or just below a machine
     *                    frame) rather than a return address, so the prolog may be partly done
     */
    public Step unwind(RegisterContext context, boolean interrupted) throws MemoryAccessException {
        RegisterContext caller = context.copy();
        Optional<UnwindTables.Entry> entry = modules.find(context.rip())
                .flatMap(module -> lookup(module, context.rip()));
        if (entry.isEmpty()) {
            return popReturn(caller, caller.rsp(), 0);
        }
        UnwindInfo info = entry.get().info();
        long offset = context.rip() - entry.get().begin();
        boolean inProlog = interrupted && offset < info.prologSize();
        long frameBase = caller.rsp();
        if (info.frameRegister() != null && (!inProlog || setFrameDone(info, offset))) {
            frameBase = caller.get(info.frameRegister()) - info.frameOffset();
        }
        long rsp = caller.rsp();
        long trapFrame = 0;
        boolean machineFrame = false;
        for (UnwindInfo.Operation operation : info.operations()) {
            if (inProlog && operation.codeOffset() > offset) {
                continue;
            }
            UnwindCode code = operation.code();
            if (code instanceof UnwindCode.Push push) {
                caller.set(push.register(), memory.readLong(rsp));
                rsp += 8;
            } else if (code instanceof UnwindCode.Alloc alloc) {
                rsp += alloc.size();
            } else if (code instanceof UnwindCode.Save save) {
                caller.set(save.register(), memory.readLong(frameBase + save.offset()));
            } else if (code instanceof UnwindCode.SetFrame) {
                rsp = frameBase;
            } else if (code instanceof UnwindCode.MachineFrame frame) {
                long machine = rsp + (frame.errorCode() ? 8 : 0);
                caller.setRip(memory.readLong(machine));
                rsp = memory.readLong(machine + frames.machineFrameRsp());
                trapFrame = machine - frames.trapFrameRip();
                machineFrame = true;
            }
        }
        if (machineFrame) {
            caller.set(Register.RSP, rsp);
            return new Step(caller, trapFrame);
        }
        return popReturn(caller, rsp, 0);
    }

    private Optional<UnwindTables.Entry> lookup(LoadedModule module, long rip) {
        return tables.lookup(memory, module, rip);
    }

    private static boolean setFrameDone(UnwindInfo info, long offset) {
        for (UnwindInfo.Operation operation : info.operations()) {
            if (operation.code() instanceof UnwindCode.SetFrame) {
                return operation.codeOffset() <= offset;
            }
        }
        return false;
    }

    private Step popReturn(RegisterContext caller, long rsp, long trapFrame) throws MemoryAccessException {
        caller.setRip(memory.readLong(rsp));
        caller.set(Register.RSP, rsp + 8);
        return new Step(caller, trapFrame);
    }
}
