package dev.kdlab.kernel.mm;

import dev.kdlab.kernel.AddressPlan;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.memory.FrameAllocator;
import dev.kdlab.memory.PhysicalMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The memory manager's nt! variables that the debugger data block points at and readers use as
 * bounds (crashdump-format.md 7.2; Volatility's pool scanners, vadinfo's MmProtectToValue): the
 * system's address ranges, the physical memory it found, the protection table, the page-list heads
 * and the counters. Variables for what kdlab does not emulate (the system cache, system PTE ranges
 * of older builds, subsections, unloaded drivers, the verifier, shared and driver commit) keep the
 * zero they start with, as on a machine where nothing of that kind happened.
 */
public final class SystemVariables {
    /** PAGE_* values (winnt.h). */
    private static final int PAGE_NOACCESS = 0x01;
    private static final int[] BASE_PROTECTIONS = {PAGE_NOACCESS, 0x02, 0x10, 0x20, 0x04, 0x08, 0x40, 0x80};
    private static final int[] MODIFIERS = {0, 0x200, 0x100, 0x400};   // none, NOCACHE, GUARD, WRITECOMBINE
    private static final long SYSTEM_RANGE_START = 0xffff8000_00000000L;
    private static final long HIGHEST_USER_ADDRESS = 0x00007fff_fffeffffL;
    private static final long USER_PROBE_ADDRESS = 0x00007fff_ffff0000L;
    /** The page file of an 8 GB desktop: about 1.2 GB. */
    private static final long PAGING_FILE_PAGES = 0x4c000;
    private static final long EMPTY_LIST = -1L;   // MM_EMPTY_LIST
    private static final String[] PAGE_LISTS = {"MmZeroedPageListHead", "MmFreePageListHead", "MmStandbyPageListHead",
            "MmModifiedPageListHead", "MmModifiedNoWritePageListHead"};

    private SystemVariables() {
    }

    /**
     * MmProtectToValue: the 32 VAD protections (MM_* index) as PAGE_* values, in four rows (plain,
     * no-cache, guard, write-combine) whose first entry is PAGE_NOACCESS (ReactOS mm/ARM3; Volatility's
     * vadinfo reads the table from memory).
     */
    public static int[] protectToValue() {
        int[] table = new int[32];
        for (int row = 0; row < 4; row++) {
            for (int i = 0; i < 8; i++) {
                table[8 * row + i] = i == 0 ? PAGE_NOACCESS : BASE_PROTECTIONS[i] | MODIFIERS[row];
            }
        }
        return table;
    }

    /** MmInitSystem's part: ranges, physical memory, the protection table, the page-list heads. */
    public static void MiInitializeSystemVariables(KernelSpace space, NtImage nt, AddressPlan plan) {
        long pages = space.physical().size() / PhysicalMemory.PAGE_SIZE;
        ByteBuffer protections = ByteBuffer.allocate(4 * 32).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : protectToValue()) {
            protections.putInt(value);
        }
        space.write(nt.symbol("MmProtectToValue"), protections.array());
        write(space, nt, "MmSystemRangeStart", SYSTEM_RANGE_START);
        write(space, nt, "MmHighestUserAddress", HIGHEST_USER_ADDRESS);
        write(space, nt, "MmUserProbeAddress", USER_PROBE_ADDRESS);
        write(space, nt, "MmNonPagedPoolStart", plan.nonPagedPool());
        write(space, nt, "MmNonPagedPoolEnd", slotEnd(plan.nonPagedPool()));
        write(space, nt, "MmPagedPoolStart", plan.pagedPool());
        write(space, nt, "MmPagedPoolEnd", slotEnd(plan.pagedPool()));
        write(space, nt, "MmSizeOfPagedPoolInBytes", slotEnd(plan.pagedPool()) - plan.pagedPool() + 1);
        write(space, nt, "MmMaximumNonPagedPoolInBytes", space.physical().size());
        write(space, nt, "MmSessionBase", plan.sessionSpace());
        write(space, nt, "MmSessionSize", slotEnd(plan.sessionSpace()) - plan.sessionSpace() + 1);
        write(space, nt, "MmLowestPhysicalPage", 1);
        write(space, nt, "MmHighestPhysicalPage", pages - 1);
        write(space, nt, "MmNumberOfPhysicalPages", pages - 1);
        write(space, nt, "MmSystemParentTablePage", plan.systemDirectoryTableBase() / PhysicalMemory.PAGE_SIZE);
        space.write(nt.symbol("MmNumberOfPagingFiles"), new byte[] {1, 0, 0, 0});
        write(space, nt, "MmTotalCommitLimit", pages + PAGING_FILE_PAGES);
        write(space, nt, "MmTotalCommitLimitMaximum", 3 * pages);
        ListEntry.initializeHead(space.memory(), nt.symbol("MmLoadedUserImageList"));
    }

    /**
     * The physical memory descriptor MmInitSystem copies from the loader block (MmPhysicalMemoryBlock:
     * one run from page 1, the frame below being firmware's), allocated when the pool is up.
     */
    public static void MiCreatePhysicalMemoryBlock(KernelSpace space, NtImage nt, Pool nonPagedPool) {
        long pages = space.physical().size() / PhysicalMemory.PAGE_SIZE;
        ByteBuffer descriptor = ByteBuffer.allocate(0x20).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0, 1)                  // NumberOfRuns
                .putLong(0x08, pages - 1)      // NumberOfPages
                .putLong(0x10, 1)              // Run[0].BasePage
                .putLong(0x18, pages - 1);     // Run[0].PageCount
        long block = nonPagedPool.allocate("MmPh", descriptor.capacity());
        space.write(block, descriptor.array());
        write(space, nt, "MmPhysicalMemoryBlock", block);
    }

    /**
     * The counters as the machine stands at the end of boot: pages on no list are available
     * (MmAvailablePages), the pools' pages are charged (MmAllocatedNonPagedPool, MmPagedPoolCommit),
     * and the peak commitment is what is committed now.
     */
    public static void MiUpdateCounters(KernelSpace space, NtImage nt, Pool nonPagedPool, Pool pagedPool,
                                        long totalCommittedPages) {
        FrameAllocator frames = space.frames();
        long pages = space.physical().size() / PhysicalMemory.PAGE_SIZE;
        long available = pages - frames.framesInUse();
        write(space, nt, "MmAvailablePages", available);
        write(space, nt, "MmResidentAvailablePages", available);
        write(space, nt, "MmAllocatedNonPagedPool", nonPagedPool.pagesInUse());
        write(space, nt, "MmPagedPoolCommit", pagedPool.pagesInUse());
        write(space, nt, "MmPeakCommitment", totalCommittedPages);
        for (int list = 0; list < PAGE_LISTS.length; list++) {
            long head = nt.symbol(PAGE_LISTS[list]);
            // _MMPFNLIST {Total, ListName, Flink, Blink, Lock}: the catalog has no layout for it (not in the PDB's types)
            ByteBuffer entry = ByteBuffer.allocate(0x28).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(0, 0)               // Total: the pages sit on the partition's lists
                    .putInt(8, list)             // ListName: ZeroedPageList ... ModifiedNoWritePageList
                    .putLong(0x10, EMPTY_LIST)   // Flink
                    .putLong(0x18, EMPTY_LIST);  // Blink
            space.write(head, entry.array());
        }
    }

    /** The last byte of the 512 GiB PML4 slot the address lies in: where a region may grow to. */
    private static long slotEnd(long address) {
        return address | ((1L << 39) - 1);
    }

    private static void write(KernelSpace space, NtImage nt, String variable, long value) {
        space.write64(nt.symbol(variable), value);
    }
}
