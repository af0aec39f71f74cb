package dev.kdlab.kernel.ps;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ex.CallBacks;
import dev.kdlab.kernel.image.DriverCode;
import dev.kdlab.kernel.image.NtGlobals;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.memory.LittleEndian;

import java.util.function.LongUnaryOperator;

/**
 * The process manager's notify routine arrays: nt!PspCreateProcessNotifyRoutine,
 * PspCreateThreadNotifyRoutine and PspLoadImageNotifyRoutine, 64 EX_CALLBACK slots each
 * (PSP_MAX_CREATE_PROCESS_NOTIFY and friends), their counts and nt!PspNotifyEnableMask, filled by
 * PsSetCreateProcessNotifyRoutine(Ex) -> PspSetCreateProcessNotifyRoutine -> ExAllocateCallBack /
 * ExCompareExchangeCallBack, PsSetCreateThreadNotifyRoutine and PsSetLoadImageNotifyRoutine: the
 * first free slot takes the new block. The drivers that register, and which routines of their code,
 * are DriverCode's (driver-routines-19045.txt); each registers from its {@link #DriverEntry}, so
 * {@code ln} on a slot's routine names it ({@code WdFilter!MpCreateProcessNotifyRoutineEx}), or shows
 * {@code peauth+0x...} for a routine whose public name kdlab does not know.
 */
public final class NotifyRoutines {
    static final int MAX_NOTIFY = 64;
    /**
     * PspNotifyEnableMask's bits as the routines that test it read them (kdlab's reading of the
     * 19041 code: 1 image, 2 process, 4 process with the Ex form, 8 thread).
     */
    static final int ENABLE_IMAGE = 0x1;
    static final int ENABLE_PROCESS = 0x2;
    static final int ENABLE_PROCESS_EX = 0x4;
    static final int ENABLE_THREAD = 0x8;
    /** The routine block's Context of an Ex registration: the flag PspCallProcessNotifyRoutines tests. */
    static final long PROCESS_NOTIFY_EX = 0x2;

    private final KernelSpace space;
    private final NtImage nt;
    private final CallBacks callBacks;

    public NotifyRoutines(KernelSpace space, NtImage nt, CallBacks callBacks) {
        this.space = space;
        this.nt = nt;
        this.callBacks = callBacks;
    }

    /** The registrations an image's initialisation makes (none for most images), each with a routine of its code. */
    public void DriverEntry(String imageName, long imageBase, long imageSize) {
        for (DriverCode.Notify notify : DriverCode.notifyRoutines(imageName)) {
            long routine = imageBase + DriverCode.of(imageName, imageSize).orElseThrow().rvaOf(notify.routine().name());
            switch (notify.kind()) {
                case "process" -> PsSetCreateProcessNotifyRoutine(routine);
                case "processEx" -> PsSetCreateProcessNotifyRoutineEx(routine);
                case "thread" -> PsSetCreateThreadNotifyRoutine(routine);
                case "image" -> PsSetLoadImageNotifyRoutine(routine);
                default -> throw new IllegalStateException("unknown notify routine kind " + notify.kind());
            }
        }
    }

    public boolean PsSetCreateProcessNotifyRoutine(long notifyRoutine) {
        return PspSetCreateProcessNotifyRoutine(notifyRoutine, false);
    }

    public boolean PsSetCreateProcessNotifyRoutineEx(long notifyRoutine) {
        return PspSetCreateProcessNotifyRoutine(notifyRoutine, true);
    }

    /**
     * The first empty slot of the process array gets a new routine block (its Context says Ex), and
     * the matching count and enable bit go up. (Removal, Remove = TRUE, is not modelled: nothing
     * unregisters on this machine.)
     */
    private boolean PspSetCreateProcessNotifyRoutine(long notifyRoutine, boolean ex) {
        return register("PspCreateProcessNotifyRoutine", notifyRoutine, ex ? PROCESS_NOTIFY_EX : 0,
                ex ? "PspCreateProcessNotifyRoutineExCount" : "PspCreateProcessNotifyRoutineCount",
                ex ? ENABLE_PROCESS_EX : ENABLE_PROCESS);
    }

    public boolean PsSetCreateThreadNotifyRoutine(long notifyRoutine) {
        return register("PspCreateThreadNotifyRoutine", notifyRoutine, 0, "PspCreateThreadNotifyRoutineCount",
                ENABLE_THREAD);
    }

    public boolean PsSetLoadImageNotifyRoutine(long notifyRoutine) {
        return register("PspLoadImageNotifyRoutine", notifyRoutine, 0, "PspLoadImageNotifyRoutineCount", ENABLE_IMAGE);
    }

    /** A routine into the first free slot of {@code array}; then its count goes up and its bit of the enable mask is set. */
    private boolean register(String array, long notifyRoutine, long context, String counter, int enableBit) {
        if (!insert(array, notifyRoutine, context)) {
            return false;
        }
        update(counter, value -> value + 1);
        update("PspNotifyEnableMask", value -> value | enableBit);
        return true;
    }

    /** ExAllocateCallBack, then ExCompareExchangeCallBack on each slot until an empty one takes it. */
    private boolean insert(String array, long notifyRoutine, long context) {
        long block = callBacks.ExAllocateCallBack(notifyRoutine, context);
        long slots = nt.address(NtGlobals.rva(array));
        for (int i = 0; i < MAX_NOTIFY; i++) {
            if (callBacks.ExCompareExchangeCallBack(slots + 8L * i, block, 0)) {
                return true;
            }
        }
        return false;   // the array is full (STATUS_INVALID_PARAMETER); the block stays allocated, as kdlab frees nothing
    }

    /** Interlocked updates of a ULONG global, as the kernel makes them. */
    private void update(String global, LongUnaryOperator change) {
        long address = nt.address(NtGlobals.rva(global));
        byte[] value = new byte[4];
        LittleEndian.put(value, 0, 4, change.applyAsLong(space.read(address, 4)));
        space.write(address, value);
    }
}
