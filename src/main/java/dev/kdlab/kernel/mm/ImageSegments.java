package dev.kdlab.kernel.mm;


import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.Pte;


/**
 * The segments behind image sections (MiCreateImageFileMap): one prototype PTE per page of the
 * image, in paged pool, holding the page's frame while it is resident. A process PTE trimmed from
 * a shared page points at its prototype PTE, and the PFN entry of a shared frame names the
 * prototype PTE, not any one process's PTE, as its PteAddress (Windows Internals, "Prototype PTEs").
 */
final class ImageSegments {
    /** A resident image page as its prototype PTE holds it: valid, accessed, executable, read-only. */
    static final long RESIDENT_PROTOTYPE = Pte.VALID | Pte.ACCESSED;
    private static final String SEGMENT_TAG = "MmSt";

    private final FramePrototypes prototypes = new FramePrototypes();

    /**
     * The prototype PTEs of a new image section (MiCreateImageFileMap), one per page, each holding
     * its resident frame; returns the first one's address.
     */
    long createSegment(KernelSpace space, Pool pagedPool, long[] frames) {
        long prototypes = pagedPool.allocate(SEGMENT_TAG, 8L * frames.length);
        byte[] ptes = new byte[8 * frames.length];
        for (int page = 0; page < frames.length; page++) {
            LittleEndian.putLong(ptes, 8 * page, Pte.make(frames[page], RESIDENT_PROTOTYPE));
            this.prototypes.put(frames[page], prototypes + 8L * page);
        }
        space.write(prototypes, ptes);
        return prototypes;
    }

    /** The prototype PTE that describes a section frame; 0 for a frame that is no image page. */
    long prototypePte(long pfn) {
        return prototypes.prototypeOf(pfn);
    }

    /** Every prototype PTE and the frame it describes, in the order the segments were made. */
    void forEachPrototype(FramePrototypes.Visitor visitor) {
        prototypes.forEach(visitor);
    }
}
