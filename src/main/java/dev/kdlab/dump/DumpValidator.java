package dev.kdlab.dump;

import dev.kdlab.types.TypeCatalog;


import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Checks a dump against what the readers people use demand of it (dump-readers.md,
 * crashdump-format.md 6 and 9): the header as WinDbg, kdmp-parser, Volatility 3 and LeechCore read
 * it, and the page tables as they find them. Each rule gives a {@link Verdict}; a dump every reader
 * accepts passes all of them.
 */
public final class DumpValidator {
    private final CrashDump dump;
    private final List<Verdict> verdicts = new ArrayList<>();

    private DumpValidator(CrashDump dump) {
        this.dump = dump;
    }

    /** The header and page-table rules. */
    public static List<Verdict> check(CrashDump dump) {
        DumpValidator validator = new DumpValidator(dump);
        validator.header();
        new PagingRules(dump, dump.header().directoryTableBase(), validator.verdicts).check();
        return Collections.unmodifiableList(validator.verdicts);
    }

    /**
     * Every rule: the header, the page tables, and the kernel's memory as readers see it through an
     * ISF's types and symbols ({@code ntSymbolRvas}: name to RVA from the kernel base).
     */
    public static List<Verdict> check(CrashDump dump, TypeCatalog types, Map<String, Long> ntSymbolRvas) {
        List<Verdict> verdicts = new ArrayList<>(check(dump));
        new KernelRules(dump, types, ntSymbolRvas, verdicts).check();
        return Collections.unmodifiableList(verdicts);
    }

    /** The nt! symbols readers resolve by name, which an ISF for the kernel must hold. */
    public static List<String> requiredSymbols() {
        return KernelRules.REQUIRED_SYMBOLS;
    }

    private void header() {
        DumpHeader header = dump.header();
        ByteBuffer raw = ByteBuffer.wrap(header.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        byte[] context = header.context();
        add("kdmp-parser: CONTEXT.MxCsr (0x37c) equals FltSave.MxCsr (0x460)",
                ContextRecord.mxCsr(context) == ContextRecord.savedMxCsr(context),
                hex(ContextRecord.mxCsr(context)) + " and " + hex(ContextRecord.savedMxCsr(context)));
        add("Volatility 3: DumpType 1 or 5", header.dumpTypeCode() == 1 || header.dumpTypeCode() == 5,
                "DumpType " + header.dumpTypeCode());
        add("WinDbg: MajorVersion 0xf (a free build)", header.majorVersion() == DumpLayout.FREE_BUILD,
                hex(header.majorVersion()));
        add("WinDbg: MinorVersion is a 19041-family build", header.buildNumber() >= 19041 && header.buildNumber() <= 19045,
                String.valueOf(header.buildNumber()));
        add("WinDbg: 1 to 2048 processors", header.processorCount() >= 1 && header.processorCount() <= 2048,
                String.valueOf(header.processorCount()));
        add("WinDbg, MemProcFS: the CONTEXT's segment selectors are not zero",
                java.util.Arrays.stream(ContextRecord.selectors(context)).allMatch(s -> s != 0), "");
        add("WinDbg: RequiredDumpSpace is the file size", header.requiredDumpSpace() == dump.fileSize(),
                hex(header.requiredDumpSpace()) + " for " + hex(dump.fileSize()));
        add("WinDbg, kdmp-parser: DirectoryTableBase is page aligned", (header.directoryTableBase() & 0xfff) == 0,
                hex(header.directoryTableBase()));
        add("WinDbg: ProductType is WinNt, LanManNt or ServerNt", header.productType() >= 1 && header.productType() <= 3,
                String.valueOf(header.productType()));
        add("WinDbg: KdSecondaryVersion 2 (an AMD64 CONTEXT)", header.kdSecondaryVersion() == DumpLayout.AMD64_CONTEXT,
                String.valueOf(header.kdSecondaryVersion()));
        boolean filled = true;
        for (int at = DumpLayout.RESERVED; at < DumpLayout.HEADER_SIZE; at += 4) {
            filled &= raw.getInt(at) == DumpLayout.PAGE;
        }
        add("Windows: the header's unset dwords read 'PAGE'", filled, "");
        List<long[]> runs = header.memoryRuns();
        long sum = runs.stream().mapToLong(run -> run[1]).sum();
        add("WinDbg, kdmp-parser: NumberOfPages is the sum of the runs", header.numberOfPages() == sum,
                hex(header.numberOfPages()) + " and " + hex(sum));
        add("crashdump-format 2.3: at most 42 runs, inside the declared 700 bytes", runs.size() <= DumpLayout.MAX_WRITTEN_RUNS,
                runs.size() + " runs");
        if (header.type() == DumpType.BITMAP) {
            bitmap(runs);
        }
    }

    private void bitmap(List<long[]> runs) {
        long[] geometry = dump.bitmapGeometry();
        long firstPage = geometry[0];
        long bits = geometry[1];
        add("LeechCore, Volatility 3: the bit count is a multiple of 64", bits % 64 == 0, hex(bits));
        add("LeechCore: FirstPage is page aligned and at most 16 MiB", firstPage % DumpLayout.PAGE_SIZE == 0
                && firstPage <= DumpLayout.MAX_FIRST_PAGE, hex(firstPage));
        add("LeechCore: present pages <= bits <= 0x7fffffff", dump.presentPages() <= bits
                && bits <= DumpLayout.MAX_BITMAP_BITS, hex(dump.presentPages()) + " of " + hex(bits));
        long highest = -1;
        for (long pfn = dump.nextTouched(0); pfn >= 0; pfn = dump.nextTouched(pfn + 1)) {
            highest = pfn;
        }
        long lastRunEnd = runs.isEmpty() ? 0 : runs.get(runs.size() - 1)[0] + runs.get(runs.size() - 1)[1];
        add("WinDbg: the header's runs reach past the highest present frame", highest < lastRunEnd,
                "highest present frame " + hex(highest));
    }

    private void add(String rule, boolean passed, String detail) {
        verdicts.add(Verdict.of(rule, passed, detail));
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
