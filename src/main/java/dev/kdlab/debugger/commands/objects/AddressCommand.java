package dev.kdlab.debugger.commands.objects;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.views.LoaderEntry;
import dev.kdlab.debugger.views.LoaderList;
import dev.kdlab.debugger.objects.UserRegions;
import dev.kdlab.debugger.objects.UserRegions.Region;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code !address [Address]} and {@code !address -summary} (transcripts 6.6): for a user address
 * of the implicit process, the region that holds it (usage, base, end, size, state, protection,
 * type, allocation base and protection); for an address in a kernel image, the module (its
 * PsLoadedModuleList entry); with {@code -summary}, the implicit process's user space tallied by
 * usage, type, state and protection, and the largest region of each usage. Regions come from the
 * VAD tree and the page tables (kdlab's reading of the user-mode layout for a kernel session).
 */
public final class AddressCommand implements Command {
    private static final long KERNEL_SPACE = 0xffff8000_00000000L;
    private static final long USER_SPACE_SIZE = UserRegions.HIGHEST - UserRegions.LOWEST;

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        Session session = invocation.session();
        StringBuilder out = new StringBuilder();
        String first = args.peekWord().orElse("");
        if (first.equalsIgnoreCase("-summary") || args.atEnd()) {
            args.nextWord();
            args.expectEnd();
            summary(new UserRegions(session, session.implicitProcess()).all(), out);
        } else {
            long address = args.nextWordExpression();
            args.expectEnd();
            if (Long.compareUnsigned(address, KERNEL_SPACE) >= 0) {
                kernelAddress(session, address, out);
            } else {
                region(new UserRegions(session, session.implicitProcess()).at(address), address, out);
            }
        }
        invocation.out().print(out);
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-24s", label)).append(value).append('\n');
    }

    private static void region(Region r, long address, StringBuilder out) {
        line(out, "Usage:", r.usage());
        line(out, "Base Address:", Hex.backtick(r.base()));
        line(out, "End Address:", Hex.backtick(r.end()));
        line(out, "Region Size:", Hex.backtick(r.size()) + " (" + size(r.size()) + ")");
        line(out, "State:", String.format("%08x          %s", r.state(), stateName(r.state())));
        line(out, "Protect:", String.format("%08x          %s", r.protect(), protectName(r.protect())));
        if (r.vad() == null) {
            return;
        }
        line(out, "Type:", String.format("%08x          %s", r.type(), typeName(r.type())));
        line(out, "Allocation Base:", Hex.backtick(r.vad().start()));
        int allocationProtect = new int[] {0x01, 0x02, 0x10, 0x20, 0x04, 0x08, 0x40, 0x80}[Math.min(r.vad().protection(), 7)];
        line(out, "Allocation Protect:", String.format("%08x          %s", allocationProtect, protectName(allocationProtect)));
        switch (r.usage()) {
            case "Image" -> {
                String path = r.info();
                String file = path.substring(path.lastIndexOf('\\') + 1);
                String module = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
                line(out, "Image Path:", path);
                line(out, "Module Name:", module);
                line(out, "More info:", "lmv m " + module);
                line(out, "More info:", "!lmi " + module);
                line(out, "More info:", "ln 0x" + Long.toHexString(address));
                line(out, "More info:", "!dh 0x" + Long.toHexString(r.vad().start()));
            }
            case "MappedFile" -> line(out, "Mapped file name:", r.info());
            case "Stack" -> line(out, "More info:", "!thread -t " + r.info());
            case "TEB" -> line(out, "More info:", "!teb 0x" + Long.toHexString(r.vad().start()));
            case "PEB" -> line(out, "More info:", "!peb 0x" + Long.toHexString(r.vad().start()));
            case "Other" -> line(out, "Additional info:", r.info());
            default -> {
            }
        }
    }

    /** A kernel address in a loaded image: the module's range and names from its PsLoadedModuleList entry. */
    private static void kernelAddress(Session session, long address, StringBuilder out) throws CommandException {
        for (LoaderEntry entry : LoaderList.kernel(session)) {
            long base = entry.dllBase();
            long size = entry.sizeOfImage();
            if (Long.compareUnsigned(address, base) >= 0 && Long.compareUnsigned(address, base + size) < 0) {
                line(out, "Usage:", "Module");
                line(out, "Base Address:", Hex.backtick(base));
                line(out, "End Address:", Hex.backtick(base + size));
                line(out, "Region Size:", Hex.backtick(size));
                line(out, "VA Type:", "BootLoaded");
                line(out, "Module name:", entry.baseDllName());
                line(out, "Module path:", "[" + entry.fullDllName() + "]");
                return;
            }
        }
        throw new CommandException("Address " + Hex.backtick(address)
                + " is not in a loaded kernel image; !address shows user regions and kernel modules");
    }

    /** The tallies of -summary, as user-mode !address prints them (sizes with their unit, percentages). */
    private static void summary(List<Region> regions, StringBuilder out) {
        long busy = 0;
        for (Region r : regions) {
            if (r.state() != UserRegions.MEM_FREE) {
                busy += r.size();
            }
        }
        Map<String, long[]> usage = new LinkedHashMap<>();
        Map<String, long[]> types = new LinkedHashMap<>();
        Map<String, long[]> states = new LinkedHashMap<>();
        Map<String, long[]> protects = new LinkedHashMap<>();
        Map<String, Region> largest = new LinkedHashMap<>();
        for (Region r : regions) {
            tally(usage, r.usage(), r.size());
            if (r.state() != UserRegions.MEM_FREE) {
                tally(types, typeName(r.type()), r.size());
                Region known = largest.get(r.usage());
                if (known == null || known.size() < r.size()) {
                    largest.put(r.usage(), r);
                }
            }
            tally(states, stateName(r.state()), r.size());
            if (r.state() == UserRegions.MEM_COMMIT) {
                tally(protects, protectName(r.protect()), r.size());
            }
        }
        out.append('\n');
        table(out, "--- Usage Summary ---------------- RgnCount ----------- Total Size -------- %ofBusy %ofTotal", usage, busy,
                "Free");
        out.append('\n');
        table(out, "--- Type Summary (for busy) ------ RgnCount ----------- Total Size -------- %ofBusy %ofTotal", types, busy,
                null);
        out.append('\n');
        table(out, "--- State Summary ---------------- RgnCount ----------- Total Size -------- %ofBusy %ofTotal", states,
                busy, "MEM_FREE");
        out.append('\n');
        table(out, "--- Protect Summary (for commit) - RgnCount ----------- Total Size -------- %ofBusy %ofTotal", protects,
                busy, null);
        out.append('\n');
        out.append("--- Largest Region by Usage ----------- Base Address -------- Region Size ----------\n");
        for (Map.Entry<String, Region> e : largest.entrySet()) {
            out.append(String.format("%-32s%18s %18s (%s)%n", e.getKey(), Hex.backtick(e.getValue().base()),
                    Hex.backtick(e.getValue().size()), size(e.getValue().size())).replace(System.lineSeparator(), "\n"));
        }
    }

    private static void tally(Map<String, long[]> tallies, String key, long size) {
        long[] t = tallies.computeIfAbsent(key, k -> new long[2]);
        t[0]++;
        t[1] += size;
    }

    private static void table(StringBuilder out, String header, Map<String, long[]> tallies, long busy, String free) {
        out.append(header).append('\n');
        tallies.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).forEach(e -> {
            boolean isFree = e.getKey().equals(free);
            String ofBusy = isFree ? "" : String.format("%6.2f%%", 100.0 * e.getValue()[1] / Math.max(1, busy));
            out.append(String.format(Locale.ROOT, "%-32s%8d %17s (%s) %8s %7.2f%%%n", e.getKey(), e.getValue()[0],
                    shortBacktick(e.getValue()[1]), size(e.getValue()[1]), ofBusy,
                    100.0 * e.getValue()[1] / USER_SPACE_SIZE).replace(System.lineSeparator(), "\n"));
        });
    }

    /** The summary's sizes: the high half without leading zeros, a backtick, the low half in 8 digits. */
    private static String shortBacktick(long value) {
        return Long.toHexString(value >>> 32) + "`" + String.format("%08x", value & 0xffffffffL);
    }

    /** A size as WinDbg prints it next to the hex: value in the largest unit below 1024, three decimals. */
    static String size(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%8.3f %s", value, units[unit]);
    }

    private static String stateName(int state) {
        return switch (state) {
            case UserRegions.MEM_COMMIT -> "MEM_COMMIT";
            case UserRegions.MEM_RESERVE -> "MEM_RESERVE";
            default -> "MEM_FREE";
        };
    }

    private static String typeName(int type) {
        return switch (type) {
            case UserRegions.MEM_IMAGE -> "MEM_IMAGE";
            case UserRegions.MEM_MAPPED -> "MEM_MAPPED";
            default -> "MEM_PRIVATE";
        };
    }

    private static String protectName(int protect) {
        return switch (protect) {
            case 0x01 -> "PAGE_NOACCESS";
            case 0x02 -> "PAGE_READONLY";
            case 0x04 -> "PAGE_READWRITE";
            case 0x08 -> "PAGE_WRITECOPY";
            case 0x10 -> "PAGE_EXECUTE";
            case 0x20 -> "PAGE_EXECUTE_READ";
            case 0x40 -> "PAGE_EXECUTE_READWRITE";
            case 0x80 -> "PAGE_EXECUTE_WRITECOPY";
            default -> "<info not present at the target>";
        };
    }
}
