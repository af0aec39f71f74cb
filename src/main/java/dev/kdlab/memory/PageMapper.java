package dev.kdlab.memory;

/**
 * Builds page tables: the writer's side of paging, used by the emulated kernel's memory manager.
 * Missing intermediate tables are taken from the frame allocator and zeroed, as MiMakeSystemAddressValid
 * and friends do on Windows.
 */
public final class PageMapper {
    private static final PagingLevel[] LEVELS = PagingLevel.values();
    private final PhysicalMemory memory;
    private final FrameAllocator frames;

    public PageMapper(PhysicalMemory memory, FrameAllocator frames) {
        this.memory = memory;
        this.frames = frames;
    }

    public PhysicalMemory memory() {
        return memory;
    }

    public FrameAllocator frames() {
        return frames;
    }

    /** Maps one 4 KiB page. {@code flags} are the leaf flags; the tables above get owner rights to match. */
    public void map(long directoryTableBase, long virtualAddress, long pfn, long flags) {
        long table = tableFor(directoryTableBase, virtualAddress, PagingLevel.PTE, flags);
        memory.writeLong(table + 8L * PagingLevel.PTE.index(virtualAddress), Pte.make(pfn, flags));
    }

    /** Maps a 2 MiB ({@link PagingLevel#PDE}) or 1 GiB ({@link PagingLevel#PPE}) large page. */
    public void mapLarge(long directoryTableBase, long virtualAddress, PagingLevel level, long firstPfn, long flags) {
        if (!level.allowsLargePage()) {
            throw new IllegalArgumentException(level + " cannot map a large page");
        }
        long table = tableFor(directoryTableBase, virtualAddress, level, flags);
        memory.writeLong(table + 8L * level.index(virtualAddress), Pte.make(firstPfn, flags | Pte.LARGE_PAGE));
    }

    /** Writes a raw entry (a not-valid software PTE, say) at the PTE level, creating tables above it. */
    public void setPte(long directoryTableBase, long virtualAddress, long rawEntry, boolean user) {
        long table = tableFor(directoryTableBase, virtualAddress, PagingLevel.PTE, user ? Pte.OWNER : 0);
        memory.writeLong(table + 8L * PagingLevel.PTE.index(virtualAddress), rawEntry);
    }

    /** Maps a fresh frame at {@code virtualAddress} unless a page is already there; returns its frame. */
    public long ensureMapped(long directoryTableBase, long virtualAddress, long flags) {
        PageWalk walk = PageWalker.walk(memory, directoryTableBase, virtualAddress);
        if (walk.translated()) {
            return walk.physicalAddress() >>> PhysicalMemory.PAGE_SHIFT;
        }
        long pfn = frames.allocate();
        map(directoryTableBase, virtualAddress, pfn, flags);
        return pfn;
    }

    /** The physical address of the table at {@code level} that covers the address, created as needed. */
    private long tableFor(long directoryTableBase, long virtualAddress, PagingLevel level, long leafFlags) {
        long tableFlags = (leafFlags & Pte.OWNER) != 0 ? Pte.TABLE_USER : Pte.TABLE_KERNEL;
        long table = directoryTableBase & Pte.PFN_MASK;
        for (PagingLevel upper : LEVELS) {
            if (upper == level) {
                return table;
            }
            long entryAddress = table + 8L * upper.index(virtualAddress);
            long entry = memory.readLong(entryAddress);
            if (!Pte.isValid(entry)) {
                entry = Pte.make(frames.allocate(), tableFlags);
                memory.writeLong(entryAddress, entry);
            } else if (Pte.isLarge(entry) && upper.allowsLargePage()) {
                throw new IllegalStateException(String.format("%x is inside a large page", virtualAddress));
            } else if ((tableFlags & Pte.OWNER) != 0 && (entry & Pte.OWNER) == 0) {
                memory.writeLong(entryAddress, entry | Pte.OWNER);
            }
            table = entry & Pte.PFN_MASK;
        }
        throw new AssertionError(level);
    }
}
