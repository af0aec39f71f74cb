package dev.kdlab.dump;

/** Where each present frame's page sits in the dump file. */
interface PageIndex {

    /** The file offset of the frame's page, or -1 when the dump does not hold it. */
    long fileOffset(long pfn);

    /** The first frame at or after {@code pfn} the dump holds, or -1. */
    long nextPresent(long pfn);

    /** One past the highest frame the index covers. */
    long frameCount();

    /** How many pages the dump holds. */
    long presentCount();
}
