package dev.kdlab.dump;

/**
 * DumpType 5: bit (pfn & 7) of byte (pfn >> 3) of the bitmap says the frame is present; present
 * pages follow from FirstPage in frame order, so a page's place is the number of set bits below
 * it (crashdump-format.md 4). The bitmap stays in the file; the rank of every 512-bit block is
 * counted on the first lookup, so opening a dump reads nothing but its headers.
 */
final class BitmapIndex implements PageIndex {
    private static final int BLOCK_WORDS = 8;

    private final DumpBytes bytes;
    private final long bits;
    private final long firstPage;
    private final long present;
    private volatile int[] ranks;

    private BitmapIndex(DumpBytes bytes, long bits, long firstPage, long present) {
        this.bytes = bytes;
        this.bits = bits;
        this.firstPage = firstPage;
        this.present = present;
    }

    /** Checks the bitmap header against the file and counts the present pages. */
    static BitmapIndex read(DumpBytes bytes) throws DumpFormatException {
        if (!bytes.holds(DumpLayout.BITMAP_HEADER, DumpLayout.BITMAP - DumpLayout.BITMAP_HEADER)) {
            throw new DumpFormatException("truncated dump: the file ends inside the bitmap header at 0x2000");
        }
        int signature = bytes.getInt(DumpLayout.BITMAP_SIGNATURE);
        int valid = bytes.getInt(DumpLayout.BITMAP_VALID_DUMP);
        if (signature != DumpLayout.FDMP && signature != DumpLayout.SDMP || valid != DumpLayout.DUMP) {
            throw new DumpFormatException("the bitmap header at 0x2000 begins with " + DumpHeader.tagText(signature) + " "
                    + DumpHeader.tagText(valid) + " where a bitmap dump has 'FDMP' (or 'SDMP') 'DUMP'");
        }
        long bits = bytes.getLong(DumpLayout.BITMAP_BITS);
        long firstPage = bytes.getLong(DumpLayout.BITMAP_FIRST_PAGE);
        long declared = bytes.getLong(DumpLayout.BITMAP_PRESENT_PAGES);
        if (bits <= 0 || bits > DumpLayout.MAX_BITMAP_BITS) {
            throw new DumpFormatException(String.format("absurd bitmap size: 0x%x bits (a bitmap covers 1 to 0x%x frames)",
                    bits, DumpLayout.MAX_BITMAP_BITS));
        }
        long bitmapBytes = (bits + 7) / 8;
        if (!bytes.holds(DumpLayout.BITMAP, bitmapBytes)) {
            throw new DumpFormatException(String.format("the bitmap (0x%x bytes from 0x%x) runs past the end of the "
                    + "file (0x%x bytes)", bitmapBytes, DumpLayout.BITMAP, bytes.size()));
        }
        if ((firstPage & (DumpLayout.PAGE_SIZE - 1)) != 0 || firstPage < DumpLayout.BITMAP + bitmapBytes) {
            throw new DumpFormatException(String.format("the first page's offset 0x%x is %s", firstPage,
                    (firstPage & (DumpLayout.PAGE_SIZE - 1)) != 0 ? "not page aligned" : "inside the bitmap"));
        }
        BitmapIndex index = new BitmapIndex(bytes, bits, firstPage, 0);
        long counted = index.countPresent();
        if (declared != counted) {
            throw new DumpFormatException(String.format("the bitmap header says 0x%x pages are present, the bitmap has "
                    + "0x%x bits set", declared, counted));
        }
        if (!bytes.holds(firstPage, counted * DumpLayout.PAGE_SIZE)) {
            throw new DumpFormatException(String.format("truncated dump: 0x%x pages from offset 0x%x need 0x%x bytes, "
                    + "the file has 0x%x", counted, firstPage, firstPage + counted * DumpLayout.PAGE_SIZE, bytes.size()));
        }
        return new BitmapIndex(bytes, bits, firstPage, counted);
    }

    long bits() {
        return bits;
    }

    long firstPage() {
        return firstPage;
    }

    private long countPresent() {
        long count = 0;
        for (long word = 0, words = wordCount(); word < words; word++) {
            count += Long.bitCount(word(word));
        }
        return count;
    }

    private long wordCount() {
        return (bits + 63) / 64;
    }

    /** Word {@code index} of the bitmap, with the bits past the bit count cleared. */
    private long word(long index) {
        long offset = DumpLayout.BITMAP + index * 8;
        long bitmapEnd = DumpLayout.BITMAP + (bits + 7) / 8;
        long value;
        if (offset + 8 <= bitmapEnd) {
            value = bytes.getLong(offset);
        } else {
            value = 0;
            for (long at = offset; at < bitmapEnd; at++) {
                byte[] one = new byte[1];
                bytes.get(at, one, 0, 1);
                value |= (one[0] & 0xffL) << (8 * (at - offset));
            }
        }
        long valid = bits - index * 64;
        return valid >= 64 ? value : value & ((1L << valid) - 1);
    }

    private int[] ranks() {
        int[] built = ranks;
        if (built == null) {
            long words = wordCount();
            built = new int[(int) ((words + BLOCK_WORDS - 1) / BLOCK_WORDS)];
            long count = 0;
            for (long word = 0; word < words; word++) {
                if (word % BLOCK_WORDS == 0) {
                    built[(int) (word / BLOCK_WORDS)] = (int) count;
                }
                count += Long.bitCount(word(word));
            }
            ranks = built;
        }
        return built;
    }

    /** Whether the index has been built (it is built on the first page lookup, not when the dump opens). */
    boolean built() {
        return ranks != null;
    }

    @Override
    public long fileOffset(long pfn) {
        if (pfn < 0 || pfn >= bits) {
            return -1;
        }
        long wordIndex = pfn >>> 6;
        long word = word(wordIndex);
        if ((word & 1L << pfn) == 0) {
            return -1;
        }
        long rank = ranks()[(int) (wordIndex / BLOCK_WORDS)];
        for (long w = wordIndex - wordIndex % BLOCK_WORDS; w < wordIndex; w++) {
            rank += Long.bitCount(word(w));
        }
        rank += Long.bitCount(word & ((1L << pfn) - 1));
        return firstPage + rank * DumpLayout.PAGE_SIZE;
    }

    @Override
    public long nextPresent(long pfn) {
        long from = Math.max(pfn, 0);
        if (from >= bits) {
            return -1;
        }
        long wordIndex = from >>> 6;
        long word = word(wordIndex) & -1L << from;
        for (long words = wordCount(); word == 0; word = word(wordIndex)) {
            if (++wordIndex >= words) {
                return -1;
            }
        }
        return wordIndex * 64 + Long.numberOfTrailingZeros(word);
    }

    @Override
    public long frameCount() {
        return bits;
    }

    @Override
    public long presentCount() {
        return present;
    }
}
