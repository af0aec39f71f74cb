package dev.kdlab.kernel.mm;

import dev.kdlab.kernel.KernelSpace;

import dev.kdlab.memory.PageWalker;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.Pte;

import java.nio.charset.StandardCharsets;

/**
 * KUSER_SHARED_DATA: one frame, mapped read/write at fffff780`00000000 for the kernel and
 * read-only at 7ffe0000 in every process, holding the values of a 19045 machine
 * (machine-19045.md, 5.3).
 */
public final class SharedUserData {
    public static final long KERNEL_ADDRESS = 0xfffff780_00000000L;
    public static final long USER_ADDRESS = 0x7ffe0000L;

    private final long pfn;

    /** KiInitializeKernel's part: fill the page the kernel half already maps. */
    public SharedUserData(KernelSpace space, int processors, long bootTime) {
        pfn = PageWalker.walk(space.physical(), space.memory().directoryTableBase(), KERNEL_ADDRESS)
                .physicalAddress() >>> 12;
        long pages = space.physical().size() / PhysicalMemory.PAGE_SIZE;
        space.struct("_KUSER_SHARED_DATA", KERNEL_ADDRESS)
                .put("TickCountMultiplier", 0x0fa00000)
                .put("SystemTime.LowPart", bootTime & 0xffffffffL)
                .put("SystemTime.High1Time", bootTime >>> 32)
                .put("SystemTime.High2Time", bootTime >>> 32)
                .put("ImageNumberLow", 0x8664)
                .put("ImageNumberHigh", 0x8664)
                .putBytes("NtSystemRoot", "C:\\WINDOWS\0".getBytes(StandardCharsets.UTF_16LE))
                .put("LargePageMinimum", 0x200000)
                .put("NtBuildNumber", 19045)
                .put("NtProductType", 1)
                .put("ProductTypeIsValid", 1)
                .put("NativeProcessorArchitecture", 9)
                .put("NtMajorVersion", 10)
                .put("NtMinorVersion", 0)
                .put("SuiteMask", 0x110)
                .put("NXSupportPolicy", 2)
                .put("ActiveConsoleId", 1)
                .put("NumberOfPhysicalPages", pages)
                .put("TestRetInstruction", 0xc3)
                .put("QpcFrequency", 10_000_000)
                .put("ActiveProcessorCount", processors)
                .put("ActiveGroupCount", 1);
    }

    /** The user view: the same frame, read-only, in a new address space, under a read-only private VAD. */
    public void mapInto(UserSpace user) {
        user.mapShared(USER_ADDRESS, new long[] {pfn}, Pte.USER_READ_ONLY);
        user.vads().insertPrivate(USER_ADDRESS, 1, VadTree.MM_READONLY, 1);
    }
}
