package dev.kdlab.kernel.mm;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.KernelVariables;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.memory.LittleEndian;

import java.nio.charset.StandardCharsets;

/**
 * The memory manager's record of unloaded drivers (MiRememberUnloadedDriver, as the Windows
 * Research Kernel's mm\sysload.c keeps it): nt!MmUnloadedDrivers points at an array of
 * MI_UNLOADED_DRIVERS (50) UNLOADED_DRIVERS {UNICODE_STRING Name; PVOID StartAddress; PVOID
 * EndAddress; LARGE_INTEGER CurrentTime}, 0x28 bytes each, allocated in nonpaged pool (tag 'MmDT')
 * at the first unload; nt!MmLastUnloadedDriver is the slot the next unload takes, wrapping at 50.
 * Each name is the image's BaseDllName in a buffer of its own (Length = MaximumLength, no NUL).
 * This is what a debugger lists under "Unloaded modules:". UNLOADED_DRIVERS is not in the public
 * PDB, hence the offsets here.
 */
public final class UnloadedDrivers {
    public static final int MI_UNLOADED_DRIVERS = 50;
    public static final int ENTRY_SIZE = 0x28;
    public static final int START_ADDRESS = 0x10;
    public static final int END_ADDRESS = 0x18;
    public static final int CURRENT_TIME = 0x20;
    private static final String TAG = "MmDT";

    private final KernelSpace space;
    private final Pool nonPagedPool;
    private final long unloadedDrivers;
    private final long lastUnloadedDriver;

    public UnloadedDrivers(KernelSpace space, Pool nonPagedPool, NtImage nt) {
        this.space = space;
        this.nonPagedPool = nonPagedPool;
        this.unloadedDrivers = nt.address(KernelVariables.rva("MmUnloadedDrivers"));
        this.lastUnloadedDriver = nt.address(KernelVariables.rva("MmLastUnloadedDriver"));
    }

    /** Remembers an image MmUnloadSystemImage took out: its name, its range and when. */
    public void MiRememberUnloadedDriver(String name, long start, long length, long systemTime) {
        long array = space.read(unloadedDrivers, 8);
        if (array == 0) {
            array = nonPagedPool.allocate(TAG, (long) MI_UNLOADED_DRIVERS * ENTRY_SIZE,
                    new byte[MI_UNLOADED_DRIVERS * ENTRY_SIZE]);
            space.write64(unloadedDrivers, array);
        }
        int index = (int) space.read(lastUnloadedDriver, 4);
        byte[] text = name.getBytes(StandardCharsets.UTF_16LE);
        long buffer = nonPagedPool.allocate(TAG, text.length, text);
        byte[] entry = new byte[ENTRY_SIZE];
        LittleEndian.put(entry, 0, 2, text.length);
        LittleEndian.put(entry, 2, 2, text.length);
        LittleEndian.putLong(entry, 8, buffer);
        LittleEndian.putLong(entry, START_ADDRESS, start);
        LittleEndian.putLong(entry, END_ADDRESS, start + length);
        LittleEndian.putLong(entry, CURRENT_TIME, systemTime);
        space.write(array + (long) index * ENTRY_SIZE, entry);
        byte[] next = new byte[4];
        LittleEndian.put(next, 0, 4, (index + 1) % MI_UNLOADED_DRIVERS);
        space.write(lastUnloadedDriver, next);
    }
}
