package dev.kdlab.kernel.mm;


import dev.kdlab.kernel.NtTypes;
import dev.kdlab.struct.StructBuffer;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.PageMapper;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.Pte;

import java.nio.charset.StandardCharsets;

/**
 * One process's user half: its page tables plus the places the memory manager hands out next
 * (the PEB/TEB block, the process heap, thread stacks).
 */
public final class UserSpace {
    private static final long PAGE = PhysicalMemory.PAGE_SIZE;

    /** The default process heap's reservation (PEB.HeapSegmentReserve, 1 MiB). */
    private static final long HEAP_RESERVE_PAGES = 0x100;
    private static final long STACK_RESERVE = 0x100000;
    /** Room for the PEB and the TEBs after it (255 threads); the stacks start above it. */
    static final long TEB_BLOCK = 0x200000;

    private final AddressSpace memory;
    private final PageMapper mapper;
    private final VadTree vads;
    private long heapVad;
    private final long peb;
    private long nextTeb;
    private final long heapStart;
    private long heapNext;
    private long heapMappedEnd;
    private long nextStackTop;
    /** Where the next mapped view goes: above the heap's reservation, 64 KiB aligned. */
    private long nextView;
    /** Private pages mapped since the memory manager last charged them as commit. */
    private long uncharged;

    UserSpace(AddressSpace memory, PageMapper mapper, VadTree vads, long peb, long heap, long firstStackTop) {
        this.memory = memory;
        this.mapper = mapper;
        this.vads = vads;
        this.peb = peb;
        this.nextTeb = peb + PAGE;
        this.heapStart = heap;
        this.heapNext = heap + 0x740;   // the heap's own header sits first
        this.heapMappedEnd = heap;
        this.nextStackTop = firstStackTop;
        this.nextView = heap + HEAP_RESERVE_PAGES * PAGE + 0x10000;
    }

    public AddressSpace memory() {
        return memory;
    }

    /** The process's VAD tree: every routine that maps user memory records it there. */
    public VadTree vads() {
        return vads;
    }

    public long directoryTableBase() {
        return memory.directoryTableBase();
    }

    public long peb() {
        return peb;
    }

    public long heapBase() {
        return heapStart;
    }

    /** Maps fresh private pages. */
    public void mapPrivate(long address, long pages, long flags) {
        uncharged += pages;
        for (long i = 0; i < pages; i++) {
            mapper.map(memory.directoryTableBase(), address + i * PAGE, mapper.frames().allocate(), flags);
        }
    }

    /** The private pages mapped since the last call: what is still to be charged as commit. */
    public long takeUncharged() {
        long pages = uncharged;
        uncharged = 0;
        return pages;
    }

    /** Maps existing frames (a section's pages) at the address. */
    public void mapShared(long address, long[] frames, long flags) {
        PteRun.map(mapper, memory.directoryTableBase(), address, frames, flags);
    }

    /**
     * The next TEB slot: the first sits right after the PEB, later ones 0x2000 apart (machine-19045.md
     * 5.2); each TEB is a private read-write allocation of its own.
     */
    public long takeTeb() {
        long teb = nextTeb;
        nextTeb += 2 * PAGE;
        if (nextTeb > peb + TEB_BLOCK) {
            throw new IllegalStateException("more threads than the TEB block holds");
        }
        mapPrivate(teb, 2, Pte.USER_DATA);
        vads.insertPrivate(teb, 2, VadTree.MM_READWRITE, 2);
        return teb;
    }

    /** Address space for a view of {@code pages} pages (MiFindEmptyAddressRange, bottom up from above the heap). */
    public long takeView(long pages) {
        long view = nextView;
        nextView = (view + pages * PAGE + 0xffff) & -0x10000L;
        return view;
    }

    /**
     * A 1 MiB stack reservation (one private VAD) above the previous one; returns {base, limit} with
     * the top pages committed.
     */
    public long[] takeStack(int committedPages) {
        long base = nextStackTop;
        nextStackTop += STACK_RESERVE;
        long limit = base - committedPages * PAGE;
        mapPrivate(limit, committedPages, Pte.USER_DATA);
        vads.insertPrivate(base - STACK_RESERVE, STACK_RESERVE / PAGE, VadTree.MM_READWRITE, committedPages);
        return new long[] {base, limit};
    }

    /**
     * Process-heap memory, 16-byte aligned, committed as it grows inside the heap's reservation (a
     * private VAD made with the heap, RtlCreateHeap's NtAllocateVirtualMemory).
     */
    public long heapAllocate(long size) {
        if (heapVad == 0) {
            heapVad = vads.insertPrivate(heapStart, HEAP_RESERVE_PAGES, VadTree.MM_READWRITE, 0);
        }
        long block = heapNext + 0x10;   // each block behind its heap entry header
        heapNext = (block + size + 15) & -16L;
        if (heapNext - heapStart > HEAP_RESERVE_PAGES * PAGE) {
            throw new IllegalStateException("the process heap outgrew its reservation");
        }
        boolean grew = false;
        while (Long.compareUnsigned(heapNext, heapMappedEnd) > 0) {
            mapPrivate(heapMappedEnd, 1, Pte.USER_DATA);
            heapMappedEnd += PAGE;
            grew = true;
        }
        if (grew) {
            vads.setCommit(heapVad, (heapMappedEnd - heapStart) / PAGE);
        }
        return block;
    }

    /** A NUL-terminated UTF-16 string in the heap; returns its address. */
    public long heapString(String text) {
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.UTF_16LE);
        long at = heapAllocate(bytes.length);
        write(at, bytes);
        return at;
    }

    public StructView struct(String type, long address) {
        return NtTypes.view(memory, type, address);
    }

    /** A structure written as one batch on {@link StructView#flush()}. */
    public StructBuffer batch(String type, long address) {
        return NtTypes.buffer(memory, type, address);
    }

    public void write(long address, byte[] bytes) {
        try {
            memory.write(address, bytes, 0, bytes.length);
        } catch (dev.kdlab.memory.MemoryAccessException e) {
            throw new IllegalStateException(String.format("user write to unmapped %016x", e.address()), e);
        }
    }
}
