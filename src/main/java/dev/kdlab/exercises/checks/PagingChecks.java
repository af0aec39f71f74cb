package dev.kdlab.exercises.checks;

import dev.kdlab.exercises.Exercises;
import dev.kdlab.exercises.Lab;
import dev.kdlab.exercises.Reads;
import dev.kdlab.exercises.Truth;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.scenario.Anomaly;
import dev.kdlab.types.FieldPath;
import dev.kdlab.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Paging: four levels by hand, large pages, KUSER_SHARED_DATA, invalid PTE kinds, the PFN database, the self-map. */
public final class PagingChecks {
    private static final long KUSER_SHARED_DATA = 0xffff_f780_0000_0000L;
    private static final long USER_SHARED_DATA = 0x7ffe_0000L;

    private PagingChecks() {
    }

    public static void define(Exercises.Definitions d) {
        d.add("l3-vtop-by-hand", Anomaly.NONE, PagingChecks::vtopByHand);
        d.add("l3-large-page", Anomaly.NONE, PagingChecks::largePage);
        d.add("l3-kuser-shared-data", Anomaly.NONE, PagingChecks::kuserSharedData);
        d.add("l3-pte-kinds", Anomaly.NONE, PagingChecks::pteKinds);
        d.add("l3-pfn-entry", Anomaly.NONE, PagingChecks::pfnEntry);
        d.add("l4-self-map", Anomaly.NONE, PagingChecks::selfMap);
    }

    private static long userProcess(Lab lab, Machine m) {
        String image = lab.pick(List.of("notepad.exe", "explorer.exe", "cmd.exe", "lsass.exe", "winlogon.exe",
                "spoolsv.exe"));
        return m.process(image);
    }

    /** A process chosen by the seed, its PEB and its DirectoryTableBase, read down. */
    private record PebPage(long eprocess, long peb, long directoryTableBase) {
        static PebPage of(Lab lab, Machine m) {
            long eprocess = userProcess(lab, m);
            return new PebPage(eprocess, lab.reads().field("_EPROCESS", eprocess, "Peb"),
                    lab.reads().field("_EPROCESS", eprocess, "Pcb.DirectoryTableBase"));
        }
    }

    static Truth vtopByHand(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        PebPage page = PebPage.of(lab, m);
        long eprocess = page.eprocess();
        long peb = page.peb();
        long dtb = page.directoryTableBase();
        PageWalk walk = PageWalk.of(r, dtb, peb);
        Truth.Builder truth = Truth.builder(r).parameter("image", m.name(eprocess)).parameter("pid", m.pid(eprocess))
                .parameter("va", Reads.address(peb)).hex("the physical address", walk.physical())
                .pfnOf(walk.physical())
                .rawEntry(walk.lastEntry())
                .rawEntry(walk.lastEntry() & ~(1L << 63))
                .near(dtb, "That is the DirectoryTableBase, where the walk starts.");
        VirtualMemory own = r.target().kernelSpace();
        try {
            truth.wrongContext(own.translate(peb), "the System process");
        } catch (dev.kdlab.memory.PageFaultException | RuntimeException e) {
            // not mapped in the kernel's own space: no plausible wrong value
        }
        return truth.build();
    }

    static Truth largePage(Lab lab) {
        Reads r = lab.reads();
        String symbol = lab.pick(List.of("PsActiveProcessHead", "PsLoadedModuleList", "KeNumberProcessors",
                "PspCidTable", "PsInitialSystemProcess"));
        long va = r.symbol(symbol);
        long cr3 = r.target().kernelSpace().directoryTableBase();
        r.note("the kernel's DirectoryTableBase (System's) = %s", Reads.hex(cr3));
        PageWalk walk = PageWalk.of(r, cr3, va);
        if (walk.pageSize() != 0x200000) {
            throw new IllegalStateException("nt is not on a 2 MB page");
        }
        long wrongOffset = (walk.lastEntry() & PageWalk.FRAME & ~0x1fffffL) + (va & 0xfff);
        return Truth.builder(r).parameter("symbol", symbol).hex("the physical address", walk.physical())
                .near(wrongOffset, "A 2 MB page keeps 21 bits of offset (VA & 0x1fffff), not 12.")
                .pfnOf(walk.physical())
                .rawEntry(walk.lastEntry())
                .build();
    }

    static Truth kuserSharedData(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        long eprocess = userProcess(lab, m);
        long dtb = r.field("_EPROCESS", eprocess, "Pcb.DirectoryTableBase");
        PageWalk user = PageWalk.of(r, dtb, USER_SHARED_DATA);
        PageWalk kernel = PageWalk.of(r, dtb, KUSER_SHARED_DATA);
        if (user.pfn() != kernel.pfn()) {
            throw new IllegalStateException("KUSER_SHARED_DATA's two mappings differ");
        }
        r.note("both walks end in PFN %s; the kernel PTE has W (bit 1) = %d, the user PTE W = %d, U/S (bit 2) = %d",
                Reads.hex(user.pfn()), kernel.lastEntry() >>> 1 & 1, user.lastEntry() >>> 1 & 1, user.lastEntry() >>> 2 & 1);
        return Truth.builder(r).parameter("image", m.name(eprocess)).parameter("pid", m.pid(eprocess))
                .hex("the PFN", user.pfn())
                .physicalOf(user.pfn())
                .rawEntry(user.lastEntry())
                .build();
    }

    /** The kinds of not-valid PTE the memory manager leaves (layouts-19041/_MMPTE_*.txt), as !pte names them. */
    enum Kind { TRANSITION, PAGE_FILE, PROTOTYPE, DEMAND_ZERO }

    static Truth pteKinds(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        String image = lab.pick(List.of("notepad.exe", "explorer.exe", "cmd.exe", "lsass.exe", "winlogon.exe"));
        long eprocess = m.named(image).get(0);
        long dtb = r.peek(m.kernel, "_EPROCESS", eprocess, "Pcb.DirectoryTableBase");
        Map<Kind, List<long[]>> byKind = new TreeMap<>();
        StructType mmpte = r.type("_MMPTE");
        for (long[] pte : invalidUserPtes(r, dtb)) {
            Kind kind = kind(mmpte, pte[1]);
            if (kind != null) {
                byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(pte);
            }
        }
        Kind kind = lab.pick(new ArrayList<>(byKind.keySet()));
        long[] chosen = lab.pick(byKind.get(kind));
        m.identify(eprocess);
        r.field("_EPROCESS", eprocess, "Pcb.DirectoryTableBase");
        long va = chosen[0];
        boolean valid = true;
        try {
            PageWalk.of(r, dtb, va);
        } catch (IllegalStateException e) {
            valid = false;
        }
        if (valid) {
            throw new IllegalStateException("the PTE is valid");
        }
        r.note("the PTE of %s = %s: Valid (bit 0) clear", Reads.address(va), Reads.hex(chosen[1]));
        r.note("Prototype (bit 10) = %d, Transition (bit 11) = %d, PageFileHigh = %s, Protection = %d: %s",
                bits(mmpte, chosen[1], "u.Proto.Prototype"), bits(mmpte, chosen[1], "u.Trans.Transition"),
                Reads.hex(bits(mmpte, chosen[1], "u.Soft.PageFileHigh")), bits(mmpte, chosen[1], "u.Soft.Protection"),
                kind);
        Truth.Builder truth = Truth.builder(r).parameter("image", m.name(eprocess)).parameter("pid", m.pid(eprocess))
                .parameter("va", Reads.address(va));
        switch (kind) {
            case TRANSITION -> truth.name("the kind", "Transition", "transition pte", "standby", "modified");
            case PAGE_FILE -> truth.name("the kind", "PageFile", "page file", "paged out", "pagefile pte", "paging file");
            case PROTOTYPE -> truth.name("the kind", "Prototype", "Proto", "prototype pte");
            case DEMAND_ZERO -> truth.name("the kind", "DemandZero", "demand zero", "demand-zero");
        }
        if (kind != Kind.PAGE_FILE) {
            truth.nearName("PageFile", "Not paged out: look at bits 10 and 11 first (prototype, transition); a "
                    + "page-file PTE has both clear and a PageFileHigh offset.");
        }
        return truth.build();
    }

    private static Kind kind(StructType mmpte, long raw) {
        if (bits(mmpte, raw, "u.Proto.Prototype") != 0) {
            return Kind.PROTOTYPE;
        }
        if (bits(mmpte, raw, "u.Trans.Transition") != 0) {
            return Kind.TRANSITION;
        }
        if (bits(mmpte, raw, "u.Soft.PageFileHigh") != 0) {
            return Kind.PAGE_FILE;
        }
        return bits(mmpte, raw, "u.Soft.Protection") != 0 ? Kind.DEMAND_ZERO : null;
    }

    private static long bits(StructType type, long raw, String path) {
        FieldPath field = type.path(path);
        return raw >>> field.field().bitPosition() & field.field().bitMask();
    }

    /** Every not-valid, non-zero PTE of the user half, as {va, pte}: the tables read a page at a time. */
    private static List<long[]> invalidUserPtes(Reads r, long dtb) {
        List<long[]> found = new ArrayList<>();
        long[] pml4 = table(r, dtb & PageWalk.FRAME);
        for (int i = 0; i < 256; i++) {
            if ((pml4[i] & 1) == 0) {
                continue;
            }
            long[] pdpt = table(r, pml4[i] & PageWalk.FRAME);
            for (int j = 0; j < 512; j++) {
                if ((pdpt[j] & 1) == 0 || (pdpt[j] & 0x80) != 0) {
                    continue;
                }
                long[] pd = table(r, pdpt[j] & PageWalk.FRAME);
                for (int k = 0; k < 512; k++) {
                    if ((pd[k] & 1) == 0 || (pd[k] & 0x80) != 0) {
                        continue;
                    }
                    long[] pt = table(r, pd[k] & PageWalk.FRAME);
                    for (int l = 0; l < 512; l++) {
                        if (pt[l] != 0 && (pt[l] & 1) == 0) {
                            long va = (long) i << 39 | (long) j << 30 | (long) k << 21 | (long) l << 12;
                            found.add(new long[] {va, pt[l]});
                        }
                    }
                }
            }
        }
        return found;
    }

    private static long[] table(Reads r, long physical) {
        byte[] bytes = new byte[0x1000];
        r.target().physical().read(physical, bytes, 0, bytes.length);
        long[] entries = new long[512];
        for (int i = 0; i < 512; i++) {
            entries[i] = LittleEndian.getLong(bytes, i * 8);
        }
        return entries;
    }

    static Truth pfnEntry(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        PebPage page = PebPage.of(lab, m);
        long eprocess = page.eprocess();
        long peb = page.peb();
        long dtb = page.directoryTableBase();
        PageWalk walk = PageWalk.of(r, dtb, peb);
        long database = r.pointer(r.symbol("MmPfnDatabase"));
        long size = r.type("_MMPFN").size();
        long entry = database + walk.pfn() * size;
        r.note("the PFN entry = MmPfnDatabase + PFN %s * sizeof(_MMPFN) 0x%x = %s", Reads.hex(walk.pfn()), size,
                Reads.address(entry));
        long pteAddress = r.field("_MMPFN", entry, "PteAddress");
        return Truth.builder(r).parameter("image", m.name(eprocess)).parameter("pid", m.pid(eprocess))
                .hex("the PteAddress", pteAddress)
                .near(entry, "That is the PFN entry's own address; PteAddress is the field at +0x8.")
                .near(walk.pfn(), "That is the PFN; the question asks what its entry's PteAddress holds.")
                .near(walk.lastEntryAddress(), "That is the PTE's physical address; PteAddress holds its virtual "
                        + "address (through the self-map).")
                .build();
    }

    static Truth selfMap(Lab lab) {
        Machine m = new Machine(lab.reads());
        Reads r = lab.reads();
        PebPage page = PebPage.of(lab, m);
        long eprocess = page.eprocess();
        long peb = page.peb();
        long dtb = page.directoryTableBase();
        long root = dtb & PageWalk.FRAME;
        long[] pml4 = table(r, root);
        int index = -1;
        for (int i = 256; i < 512; i++) {
            if ((pml4[i] & PageWalk.FRAME) == root) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IllegalStateException("no self-map entry");
        }
        r.physical(root + index * 8L);
        long pteBase = 0xffff_0000_0000_0000L | (long) index << 39;
        long pte = pteBase + (peb >>> 9 & 0x7f_ffff_fff8L);
        r.note("PML4[0x%x] holds the PML4's own frame: PteBase = 0xffff000000000000 | (0x%x << 39) = %s", index, index,
                Reads.address(pteBase));
        r.note("PTE address = PteBase + ((VA >> 9) & 0x7ffffffff8) = %s", Reads.address(pte));
        return Truth.builder(r).parameter("image", m.name(eprocess)).parameter("pid", m.pid(eprocess))
                .parameter("va", Reads.address(peb)).hex("the PTE's virtual address", pte)
                .near(pteBase + (peb >>> 9), "Clear the low 3 bits and drop bits 48-63 of VA >> 9: & 0x7ffffffff8.")
                .near(pteBase, "That is PteBase; add the VA's PTE index times 8.")
                .build();
    }
}
