package dev.kdlab.lang.arguments;

/**
 * A range as WinDbg's memory commands take it (Microsoft Learn, debuggercmds,
 * address-and-address-range-syntax): {@code Start}, {@code Start L Count}, {@code Start L? Count},
 * {@code Start L- Count} or {@code Start End}.
 *
 * <p>Exactly one of {@code count} and {@code endInclusive} is set. {@code count} is in the command's
 * elements (bytes for db, DWORDs for dd): the number after {@code L}, or the caller's default when
 * only a start was given. {@code endInclusive} is the end address as typed; WinDbg includes it
 * ({@code dd A A+0x40} prints 17 DWORDs). The caller checks an end below the start.
 *
 * @param start        the start address as typed
 * @param count        elements from {@code L}, or the default; null when an end was given
 * @param endInclusive the end address; null when a count applies
 * @param backward     {@code L- Count}: the range ends at {@code start} instead of beginning there
 */
public record AddressRange(long start, Long count, Long endInclusive, boolean backward) {

    public AddressRange {
        if ((count == null) == (endInclusive == null)) {
            throw new IllegalArgumentException("exactly one of count and endInclusive");
        }
    }

    /** {@code start} and a count of elements (from {@code L} or a default). */
    public static AddressRange counted(long start, long count) {
        return new AddressRange(start, count, null, false);
    }

    /** {@code start} and an inclusive end address. */
    public static AddressRange toEnd(long start, long endInclusive) {
        return new AddressRange(start, null, endInclusive, false);
    }

    /** The first address the command shows. */
    public long firstAddress(int elementSize) {
        return backward ? start - count * elementSize : start;
    }

    /**
     * How many elements of {@code elementSize} bytes the range covers: the count, or for an end
     * address every element that starts at or before it (0 when the end is below the start).
     */
    public long elementCount(int elementSize) {
        if (count != null) {
            return count;
        }
        if (Long.compareUnsigned(endInclusive, start) < 0) {
            return 0;
        }
        return Long.divideUnsigned(endInclusive - start, elementSize) + 1;
    }
}
