package dev.kdlab.debugger.pictures;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.commands.process.ProcessCommand;
import dev.kdlab.debugger.objects.UserRegions;
import dev.kdlab.debugger.objects.VadTrees;
import dev.kdlab.debugger.views.Eprocess;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code !kdlab.vadmap [Process]}: kdlab's own picture of a process's user address space, one bar per
 * VAD in address order, read from the bytes of its VAD tree (the walk {@code !vad} makes,
 * {@link VadTrees}) and named as {@code !address} names regions ({@link UserRegions}: the PEB, the
 * threads' TEBs and stacks, the heaps, image and file views). A bar has one block per doubling of
 * the VAD's size from a page (4 KB is one block, 2 TB thirty), since a process's VADs run from one
 * page to terabytes; its filled blocks are the committed share, its light ones the reserved rest.
 * Free stretches of a gigabyte or more, which separate the low allocations from the images at the
 * top, are drawn as a gap. The process's own image (PEB.ImageBaseAddress) is "Image", the other
 * images "DLL".
 */
public final class VadMapCommand implements Command {
    static final long SHOWN_GAP = 1L << 30;
    private static final long PAGE = 0x1000;
    /** The columns before the bar: start, end (the first byte after, as !address prints EndAddress+1), size. */
    static final String HEADER = String.format("%-17s %-17s %8s  ", "Start", "End+1", "Size");

    /** A line of the map. */
    private sealed interface Row permits Bar, Gap {
    }

    /** One VAD as the map draws it: its pages, how many of them are committed, and what it holds. */
    private record Bar(VadTrees.Vad vad, long committed, String kind, String info) implements Row {
        long size() {
            return vad.end() - vad.start();
        }
    }

    /** Free address space left out of the map. */
    private record Gap(long size) implements Row {
    }

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        Session session = invocation.session();
        long eprocess = args.atEnd() ? session.implicitProcess() : ProcessCommand.resolve(session, args.nextWordExpression());
        args.expectEnd();
        Eprocess process = Eprocess.at(session, eprocess);
        List<UserRegions.Region> regions = new UserRegions(session, eprocess).all();
        List<Row> rows = rows(regions, imageBase(session, process));
        List<Bar> bars = rows.stream().filter(Bar.class::isInstance).map(Bar.class::cast).toList();
        if (bars.isEmpty()) {
            throw new CommandException("The process has no VADs");
        }
        int width = bars.stream().mapToInt(bar -> blocks(bar.size())).max().orElse(1);
        Glyphs glyphs = session.glyphs();
        PrintStream out = invocation.out();
        out.println("VAD map of " + process.imageFileName() + " (EPROCESS " + Hex.plain(eprocess) + "): " + bars.size()
                + " VADs by address; one block per doubling of the size from 4 KB, " + glyphs.filled() + " committed, "
                + glyphs.reserved() + " reserved");
        out.println(HEADER + pad("Map", width) + "  Usage");
        for (Row row : rows) {
            if (row instanceof Bar bar) {
                out.println((Hex.backtick(bar.vad().start()) + " " + Hex.backtick(bar.vad().end()) + " "
                        + right(size(bar.size()), 8) + "  " + pad(bar(bar, glyphs), width) + "  "
                        + pad(bar.kind(), 7) + bar.info()).stripTrailing());
            } else if (row instanceof Gap gap) {
                out.println(" ".repeat(HEADER.length()) + glyphs.gap() + " " + size(gap.size()) + " free");
            }
        }
    }

    /** The VADs and the large free gaps between them, in address order. */
    private static List<Row> rows(List<UserRegions.Region> regions, long imageBase) {
        List<Row> rows = new ArrayList<>();
        Bar current = null;
        for (UserRegions.Region region : regions) {
            if (region.vad() == null) {
                if (region.size() >= SHOWN_GAP) {
                    rows.add(new Gap(region.size()));
                }
                continue;
            }
            long committed = region.state() == UserRegions.MEM_COMMIT ? region.size() : 0;
            if (current != null && current.vad().address() == region.vad().address()) {
                current = new Bar(current.vad(), current.committed() + committed, current.kind(), current.info());
                rows.set(rows.size() - 1, current);
                continue;
            }
            current = new Bar(region.vad(), committed, kind(region, imageBase), info(region));
            rows.add(current);
        }
        return rows;
    }

    /** !address's usage, with the process's own image told from its DLLs and private memory named as such. */
    private static String kind(UserRegions.Region region, long imageBase) {
        return switch (region.usage()) {
            case "Image" -> region.vad().start() == imageBase ? "Image" : "DLL";
            case "MappedFile" -> "Mapped";
            case "<unknown>" -> "Private";
            default -> region.usage();
        };
    }

    private static String info(UserRegions.Region region) {
        return region.usage().equals("Stack") ? "thread " + region.info() : region.info();
    }

    /** The base the loader mapped the process's executable at (its PEB's ImageBaseAddress), or 0. */
    private static long imageBase(Session session, Eprocess process) {
        try {
            long peb = process.peb();
            return peb == 0 ? 0 : session.struct(process.addressSpace(), "_PEB", peb).get("ImageBaseAddress");
        } catch (MemoryAccessException e) {
            return 0;
        }
    }

    /** 1 for a page, one more per doubling: ceil(log2(pages)) + 1. */
    static int blocks(long size) {
        long pages = Math.max(1, (size + PAGE - 1) / PAGE);
        return 64 - Long.numberOfLeadingZeros(pages - 1) + 1;
    }

    /** The committed share of the blocks filled, the rest light; a partly committed VAD shows both. */
    private static String bar(Bar bar, Glyphs glyphs) {
        int blocks = blocks(bar.size());
        int filled = (int) Math.round((double) blocks * bar.committed() / bar.size());
        if (bar.committed() > 0 && filled == 0) {
            filled = 1;
        } else if (bar.committed() < bar.size() && filled == blocks && blocks > 1) {
            filled = blocks - 1;
        }
        return glyphs.filled().repeat(filled) + glyphs.reserved().repeat(blocks - filled);
    }

    /** A size as people say it: 4 KB, 992 KB, 3.3 MB, 2 TB (binary units, one decimal when it is not whole). */
    static String size(long bytes) {
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        double tenths = Math.round(value * 10) / 10.0;
        String number = tenths == Math.rint(tenths) ? Long.toString((long) tenths) : Double.toString(tenths);
        return number + " " + units[unit];
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static String right(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }
}
