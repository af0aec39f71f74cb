package dev.kdlab.debugger.objects;

import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.views.Eprocess;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.PageWalk;
import dev.kdlab.memory.PageWalker;
import dev.kdlab.memory.PagingLevel;
import dev.kdlab.memory.VirtualMemory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A process's user address space as {@code !address} divides it: its VADs, each split into runs of
 * committed and reserved pages (a page is committed when its PTE is anything but zero: valid,
 * transition, paged out, demand-zero, a prototype reference; image and file views are committed
 * whole), the free gaps between them, and what each region is used for: Image, Stack, TEB, PEB,
 * Heap, MappedFile or Other, told from the PEB, the threads' TEBs and the views' files.
 */
public final class UserRegions {
    /** The lowest and the first-past-highest user address Windows hands out. */
    public static final long LOWEST = 0x10000;
    public static final long HIGHEST = 0x7fff_ffff_0000L;
    public static final int MEM_COMMIT = 0x1000;
    public static final int MEM_RESERVE = 0x2000;
    public static final int MEM_FREE = 0x10000;
    public static final int MEM_PRIVATE = 0x20000;
    public static final int MEM_MAPPED = 0x40000;
    public static final int MEM_IMAGE = 0x1000000;
    private static final long PAGE = 0x1000;
    /** Views larger than this are judged by their commit, not page by page (the CFG bitmap's 2 TB). */
    private static final long SCAN_LIMIT = 0x10000;
    private static final int[] PAGE_PROTECTIONS = {0x01, 0x02, 0x10, 0x20, 0x04, 0x08, 0x40, 0x80};

    /** One region: where, how big, its state, protection, type, usage, the VAD it is in (null when free). */
    public record Region(long base, long size, int state, int protect, int type, String usage, String info,
                         VadTrees.Vad vad) {
        public long end() {
            return base + size;
        }

        public boolean contains(long address) {
            return Long.compareUnsigned(address, base) >= 0 && Long.compareUnsigned(address, end()) < 0;
        }
    }

    private final Session session;
    private final VirtualMemory kernel;
    private final VadTrees vads;
    private final long eprocess;
    private final long directoryTableBase;
    private final Map<Long, String> usageByStart = new HashMap<>();
    private final List<long[]> stacks = new ArrayList<>();

    public UserRegions(Session session, long eprocess) {
        this.session = session;
        this.kernel = session.kernel();
        this.vads = new VadTrees(session);
        this.eprocess = eprocess;
        StructView e = session.kernelStruct("_EPROCESS", eprocess);
        this.directoryTableBase = e.get("Pcb.DirectoryTableBase");
        learnUsages(e);
    }

    /** The PEB, the TEBs and stacks of the process's threads, and its heaps, read from the process. */
    private void learnUsages(StructView e) {
        VirtualMemory user = session.target().addressSpace(directoryTableBase);
        long peb = e.get("Peb");
        if (peb == 0) {
            return;
        }
        usageByStart.put(peb, "PEB");
        try {
            StructView p = session.struct(user, "_PEB", peb);
            long heaps = p.get("ProcessHeaps");
            long count = p.get("NumberOfHeaps");
            for (int i = 0; i < count && i < 64; i++) {
                usageByStart.put(user.readLong(heaps + 8L * i), "Heap");
            }
        } catch (MemoryAccessException ex) {
            // a PEB that cannot be read names no heaps
        }
        try {
            for (long ethread : Eprocess.at(session, eprocess).threads()) {
                long teb = session.kernelStruct("_ETHREAD", ethread).get("Tcb.Teb");
                if (teb == 0) {
                    continue;
                }
                usageByStart.put(teb, "TEB");
                StructView t = session.struct(user, "_TEB", teb);
                stacks.add(new long[] {t.get("NtTib.StackLimit"), t.get("NtTib.StackBase"),
                        t.get("ClientId.UniqueThread")});
            }
        } catch (MemoryAccessException ex) {
            // a TEB that cannot be read ends the list of stacks
        }
    }

    /** Every region from the lowest user address to the highest, in address order. */
    public List<Region> all() {
        List<Region> regions = new ArrayList<>();
        long root = session.kernelStruct("_EPROCESS", eprocess).get("VadRoot.Root");
        long next = LOWEST;
        for (VadTrees.Vad vad : vads.inOrder(root)) {
            if (Long.compareUnsigned(vad.start(), next) > 0) {
                regions.add(free(next, vad.start()));
            }
            regions.addAll(split(vad));
            next = vad.end();
        }
        if (Long.compareUnsigned(next, HIGHEST) < 0) {
            regions.add(free(next, HIGHEST));
        }
        return regions;
    }

    /** The region that holds an address; a free one between VADs when no VAD maps it. */
    public Region at(long address) {
        long root = session.kernelStruct("_EPROCESS", eprocess).get("VadRoot.Root");
        VadTrees.Vad vad = vads.find(root, address);
        if (vad != null) {
            for (Region region : split(vad)) {
                if (region.contains(address)) {
                    return region;
                }
            }
        }
        long below = LOWEST;
        long above = HIGHEST;
        for (VadTrees.Vad v : vads.inOrder(root)) {
            if (Long.compareUnsigned(v.end(), address) <= 0) {
                below = v.end();
            } else if (Long.compareUnsigned(v.start(), address) > 0) {
                above = v.start();
                break;
            }
        }
        return free(below, above);
    }

    private static Region free(long from, long to) {
        return new Region(from, to - from, MEM_FREE, 0x01, 0, "Free", "", null);
    }

    /** A VAD cut into runs of committed and reserved pages. */
    private List<Region> split(VadTrees.Vad vad) {
        List<Region> regions = new ArrayList<>();
        int type = vad.privateMemory() ? MEM_PRIVATE : vad.image() ? MEM_IMAGE : MEM_MAPPED;
        String[] usage = usage(vad);
        long pages = vad.endVpn() - vad.startVpn() + 1;
        int protect = PAGE_PROTECTIONS[Math.min(vad.protection(), 7)];
        if (!vad.privateMemory()) {
            // a view of a section is committed whole, unless its section is a reservation (the CFG bitmap)
            int state = pages > SCAN_LIMIT && vads.sharedCommit(vad) < pages ? MEM_RESERVE : MEM_COMMIT;
            regions.add(new Region(vad.start(), pages * PAGE, state, state == MEM_COMMIT ? protect : 0, type, usage[0],
                    usage[1], vad));
            return regions;
        }
        if (pages > SCAN_LIMIT) {
            regions.add(new Region(vad.start(), pages * PAGE, MEM_RESERVE, 0, type, usage[0], usage[1], vad));
            return regions;
        }
        long runStart = vad.start();
        int runState = state(vad.start());
        for (long page = 1; page <= pages; page++) {
            long address = vad.start() + page * PAGE;
            int state = page == pages ? -1 : state(address);
            if (state != runState) {
                regions.add(new Region(runStart, address - runStart, runState, runState == MEM_COMMIT ? protect : 0, type,
                        usage[0], usage[1], vad));
                runStart = address;
                runState = state;
            }
        }
        return regions;
    }

    /** Committed when the page's PTE holds anything: the page is there, or was and can come back. */
    private int state(long address) {
        PageWalk walk = PageWalker.walk(kernel.physical(), directoryTableBase, address);
        if (walk.translated()) {
            return MEM_COMMIT;
        }
        return walk.faultLevel() == PagingLevel.PTE && walk.last().entry() != 0 ? MEM_COMMIT : MEM_RESERVE;
    }

    /** The usage name of a VAD and its additional information. */
    private String[] usage(VadTrees.Vad vad) {
        if (vad.image()) {
            return new String[] {"Image", vads.description(vad)};
        }
        String known = usageByStart.get(vad.start());
        if (known != null) {
            return new String[] {known, ""};
        }
        for (long[] stack : stacks) {
            if (vad.contains(stack[0]) || vad.contains(stack[1] - 1)) {
                return new String[] {"Stack", Long.toHexString(stack[2])};
            }
        }
        if (vad.start() == 0x7ffe0000L) {
            return new String[] {"Other", "User Shared Data"};
        }
        if (!vad.privateMemory()) {
            String description = vads.description(vad);
            if (!description.startsWith("Pagefile section")) {
                return new String[] {"MappedFile", description};
            }
            return new String[] {"Other", vad.endVpn() - vad.startVpn() + 1 > SCAN_LIMIT ? "CFG Bitmap" : "Section"};
        }
        return new String[] {"<unknown>", ""};
    }
}
