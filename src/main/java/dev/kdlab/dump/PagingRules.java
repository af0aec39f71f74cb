package dev.kdlab.dump;

import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.PhysicalMemory;

import java.util.BitSet;
import java.util.List;

/**
 * How readers find and trust the kernel's page tables in a dump (dump-readers.md B and H;
 * crashdump-format.md 6.2, 6.3, 9): Volatility 3 scans physical memory for a self-mapped PML4 in
 * two windows, LeechCore vets the header's DirectoryTableBase, and every reader needs the tables
 * inside the dump. The walk over the System tables visits each table once, so tables that point
 * back at themselves end the check instead of looping.
 */
final class PagingRules {
    private static final long PFN_BITS = 0x3fff_ffff_f000L;   // bits 12..45: Volatility's _maxphyaddr
    private static final long[][] MODERN_WINDOWS = {{0x150000, 0x2a0000}, {0x650000, 0x6f0000}};
    private static final long[] FALLBACK_WINDOW = {0x30000, 0x1030000};
    private static final int FALLBACK_SELF_MAP = 0x1ed;
    private static final int MAX_TABLES = 1 << 20;

    private final PhysicalMemory memory;
    private final long directoryTableBase;
    private final List<Verdict> verdicts;
    private final long maxAddress;

    PagingRules(PhysicalMemory memory, long directoryTableBase, List<Verdict> verdicts) {
        this.memory = memory;
        this.directoryTableBase = directoryTableBase;
        this.verdicts = verdicts;
        this.maxAddress = memory.size() - 1;
    }

    void check() {
        long found = volatilityScan();
        verdicts.add(Verdict.of("Volatility 3: a self-mapped PML4 (one self-reference at 0x100-0x1fe, no large pages) "
                + "in [150000, 2a0000) or [650000, 6f0000)", found >= 0, found >= 0 ? String.format("found at %x", found)
                : "no page in the scan windows qualifies"));
        verdicts.add(Verdict.of("Volatility 3: the first PML4 its scan accepts is the header's DirectoryTableBase",
                found == directoryTableBase, String.format("scan %x, header %x", found, directoryTableBase)));
        leechCore();
        walkSystemTables();
    }

    /** The DTB Volatility's Windows Intel stacker settles on (automagic/windows.py), or -1. */
    private long volatilityScan() {
        for (long[] window : MODERN_WINDOWS) {
            for (long page = window[0]; page < window[1]; page += DumpLayout.PAGE_SIZE) {
                int self = selfReference(page);
                if (self >= 0x100 && self <= 0x1fe && pointersInside(page)) {
                    return page;
                }
            }
        }
        for (long page = FALLBACK_WINDOW[0]; page < FALLBACK_WINDOW[1]; page += DumpLayout.PAGE_SIZE) {
            if (selfReference(page) == FALLBACK_SELF_MAP && pointersInside(page)) {
                return page;
            }
        }
        return -1;
    }

    /** The index of the page's only present self-reference, or -1 (none, several, or a present large-page entry). */
    private int selfReference(long page) {
        if (page + DumpLayout.PAGE_SIZE - 1 > maxAddress || !memory.isTouched(page >>> 12)) {
            return -1;
        }
        byte[] table = memory.frame(page >>> 12);
        int self = -1;
        for (int i = 0; i < 512; i++) {
            long entry = LittleEndian.getLong(table, 8 * i);
            if ((entry & 0x81) == 0x81) {
                return -1;
            }
            if ((entry & 1) != 0 && (entry & PFN_BITS) == page) {
                if (self >= 0) {
                    return -1;
                }
                self = i;
            }
        }
        return self;
    }

    /** Volatility's max-pointer check: every present PML4 entry's table lies inside the physical layer. */
    private boolean pointersInside(long page) {
        byte[] table = memory.frame(page >>> 12);
        for (int i = 0; i < 512; i++) {
            long entry = LittleEndian.getLong(table, 8 * i);
            if ((entry & 1) != 0 && ((entry & ~0xfffL) & 0xffff_ffff_ffffL) > maxAddress) {
                return false;
            }
        }
        return true;
    }

    /** LeechCore accepts the header DTB only if it looks like a Windows kernel PML4 (vmmwininit.c 755-778). */
    private void leechCore() {
        if (directoryTableBase < 0 || directoryTableBase + DumpLayout.PAGE_SIZE - 1 > maxAddress) {
            verdicts.add(Verdict.of("LeechCore: the header's DirectoryTableBase lies in the dump", false,
                    String.format("%x", directoryTableBase)));
            return;
        }
        byte[] table = memory.frame(directoryTableBase >>> 12);
        long first = LittleEndian.getLong(table, 0);
        boolean selfMap = false;
        int kernelEntries = 0;
        int zeroLow = 0;
        int zeroHigh = 0;
        for (int i = 0; i < 512; i++) {
            long entry = LittleEndian.getLong(table, 8 * i);
            if (entry == 0) {
                if (i < 256) {
                    zeroLow++;
                } else {
                    zeroHigh++;
                }
            }
            if (i < 256) {
                continue;
            }
            if ((entry & PFN_BITS) == directoryTableBase && (entry & 0x83) == 0x03) {
                selfMap = true;
            } else if ((entry & 0x87) == 0x03 && entry >= 0 && (entry & PFN_BITS) <= maxAddress) {
                kernelEntries++;   // present, writable, supervisor, not large, NX clear, inside the dump
            }
        }
        verdicts.add(Verdict.of("LeechCore: PML4 entry 0, if present, points inside the dump",
                (first & 1) == 0 || (first & PFN_BITS) <= maxAddress, String.format("%x", first)));
        verdicts.add(Verdict.of("LeechCore: a writable, not-large self-map entry in the kernel half", selfMap, ""));
        verdicts.add(Verdict.of("LeechCore: at least 6 present, writable, supervisor, executable kernel PML4 entries",
                kernelEntries >= 6, kernelEntries + " entries"));
        verdicts.add(Verdict.of("LeechCore: more than 64 empty PML4 entries in each half", zeroLow > 64 && zeroHigh > 64,
                zeroLow + " and " + zeroHigh));
    }

    /**
     * Visits every table under the System PML4 once (the self-map entry is not followed): each must
     * lie in the dump, none may be reached twice (tables that loop or alias), and none may hold 512
     * copies of one non-zero entry (Volatility treats such a table as invalid, intel.py 255-265).
     */
    private void walkSystemTables() {
        BitSet seen = new BitSet();
        String problem = null;
        int tables = 0;
        long[] stack = new long[4 * 512];
        int[] depths = new int[stack.length];
        int top = 0;
        stack[top] = directoryTableBase;
        depths[top++] = 0;
        while (top > 0 && problem == null) {
            long table = stack[--top];
            int depth = depths[top];
            if (table < 0 || table + DumpLayout.PAGE_SIZE - 1 > maxAddress) {
                problem = String.format("a level-%d table at %x lies outside the dump", depth, table);
                break;
            }
            long pfn = table >>> 12;
            if (pfn > Integer.MAX_VALUE || seen.get((int) pfn)) {
                problem = String.format("the table at %x is reached twice: the tables loop", table);
                break;
            }
            seen.set((int) pfn);
            if (++tables > MAX_TABLES) {
                problem = "more than " + MAX_TABLES + " tables";
                break;
            }
            byte[] entries = memory.frame(pfn);
            long firstEntry = LittleEndian.getLong(entries, 0);
            boolean identical = firstEntry != 0;
            for (int i = 0; i < 512; i++) {
                long entry = LittleEndian.getLong(entries, 8 * i);
                identical &= entry == firstEntry;
                boolean selfMap = depth == 0 && (entry & PFN_BITS) == directoryTableBase;
                boolean leaf = depth == 3 || (depth > 0 && (entry & 0x80) != 0);
                if ((entry & 1) != 0 && !selfMap && !leaf) {
                    if (top == stack.length) {
                        problem = "the tables fan out too far";
                        break;
                    }
                    stack[top] = entry & PFN_BITS;
                    depths[top++] = depth + 1;
                }
            }
            if (identical && problem == null) {
                problem = String.format("the table at %x holds 512 copies of %x", table, firstEntry);
            }
        }
        verdicts.add(Verdict.of("every reader: the System page tables lie in the dump, each reached once, none "
                + "of 512 identical entries", problem == null, problem == null ? tables + " tables" : problem));
    }
}
