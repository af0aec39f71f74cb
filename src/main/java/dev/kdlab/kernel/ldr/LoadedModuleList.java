package dev.kdlab.kernel.ldr;

import dev.kdlab.kernel.AddressPlan;
import dev.kdlab.kernel.DataTable;
import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.DriverCode;
import dev.kdlab.kernel.image.ImageCode;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.kernel.image.PeImage;
import dev.kdlab.kernel.mm.PteRun;
import dev.kdlab.kernel.mm.UnloadedDrivers;

import dev.kdlab.memory.Pte;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * nt!PsLoadedModuleList: one {@code _KLDR_DATA_TABLE_ENTRY} per kernel image, in load order, as
 * the boot loader hands them over and MiInitializeLoadedModuleList keeps them (ntoskrnl first,
 * then hal, the debugger transport, microcode, boot drivers; later the system-start drivers).
 * Each image is mapped with a PE header that carries its size and link time stamp. Boot drivers
 * sit above the kernel image, at bases that do not follow load order; win32k and cdd sit in
 * session space (here mapped once for all sessions).
 */
public final class LoadedModuleList {
    private static final List<Row> ROWS = readTable("boot-modules-19045.txt");
    private static final long PAGE = 0x1000;
    private static final long ALIGNMENT = 0x10000;
    /** KLDR Flags of a loaded, initialised boot image (LDRP_ENTRY_PROCESSED and friends, as dumps show them). */
    private static final long DRIVER_FLAGS = 0x49104000L;

    /** One loaded kernel image, as the kernel placed it. */
    public record KernelModule(String baseDllName, String fullDllName, long base, long size, int timeDateStamp,
                               long checkSum, long entryPoint, boolean sessionImage) {
    }

    private record Row(String baseDllName, String fullDllName, long size, boolean session) {
    }

    /**
     * The images a 22H2 desktop has unloaded by the time its user logs on, in the order they went,
     * with their sizes and when (seconds after boot): the first copy of the crash dump stack
     * (crashdmp loads it once to check it, then again for good; the storage miniport's copy is
     * named after the machine's, stornvme here), then the early-launch anti-malware driver and the
     * hardware policy driver once the boot drivers are up. Sizes of the 19041-family files (WdBoot
     * and hwpolicy from memory, unverified).
     */
    private record Unloaded(String baseDllName, long size, double secondsAfterBoot) {
    }

    private static final List<Unloaded> UNLOADED_AT_BOOT = List.of(
            new Unloaded("dump_storport.sys", 0xe000, 4.31),
            new Unloaded("dump_stornvme.sys", 0x2b000, 4.32),
            new Unloaded("dump_dumpfve.sys", 0x1d000, 4.33),
            new Unloaded("WdBoot.sys", 0xf000, 7.84),
            new Unloaded("hwpolicy.sys", 0x11000, 7.91));

    private final KernelSpace space;
    private final Pool nonPagedPool;
    private final SplittableRandom random;
    private final long listHead;
    private long kernelBase;
    /** The ranges drivers occupy (or occupied) in system space, by start: where an unloaded image was. */
    private final TreeMap<Long, Long> occupied = new TreeMap<>();

    public LoadedModuleList(KernelSpace space, Pool nonPagedPool, SplittableRandom random, long listHead) {
        this.space = space;
        this.nonPagedPool = nonPagedPool;
        this.random = random;
        this.listHead = listHead;
    }

    /**
     * The boot loader's module list made PsLoadedModuleList: the kernel at its base, then every
     * other image of the table mapped and linked in load order.
     */
    public void MiInitializeLoadedModuleList(AddressPlan plan, long kernelEntryPoint, int kernelTimeDateStamp) {
        List<Row> rows = ROWS;
        Row kernelRow = rows.get(0);
        kernelBase = plan.kernelBase();
        long[] bases = placeImages(rows, plan);
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            KernelModule module;
            if (i == 0) {
                module = new KernelModule(kernelRow.baseDllName(), kernelRow.fullDllName(), plan.kernelBase(),
                        kernelRow.size(), kernelTimeDateStamp, checkSum(kernelRow.size()), kernelEntryPoint, false);
                space.struct("_IMAGE_NT_HEADERS64", plan.kernelBase() + PeImage.NT_HEADERS_OFFSET)
                        .put("OptionalHeader.CheckSum", module.checkSum());
            } else {
                module = MmLoadSystemImage(row, bases[i]);
            }
            insertEntry(module);
            if (i > 0 && !module.sessionImage()) {   // drivers only: nt's large pages run past its image
                occupied.put(module.base(), module.base() + module.size());
            }
        }
    }

    /**
     * MmUnloadSystemImage for the images the boot loaded and let go (what the table above says):
     * each was mapped at a base no loaded image has, in the first 64 KB-aligned gap between images
     * that holds it, and is gone from the list; MiRememberUnloadedDriver keeps its name and range.
     */
    public void MmUnloadBootImages(UnloadedDrivers unloaded, long bootTime) {
        for (Unloaded image : UNLOADED_AT_BOOT) {
            long base = freeRange(image.size());
            occupied.put(base, base + image.size());
            unloaded.MiRememberUnloadedDriver(image.baseDllName(), base, image.size(),
                    bootTime + Math.round(image.secondsAfterBoot() * 10_000_000));
        }
    }

    private long freeRange(long size) {
        long candidate = align(occupied.firstEntry().getValue(), ALIGNMENT);
        for (Map.Entry<Long, Long> image : occupied.tailMap(candidate, true).entrySet()) {
            if (candidate + size <= image.getKey()) {
                return candidate;
            }
            candidate = Math.max(candidate, align(image.getValue(), ALIGNMENT));
        }
        return candidate;
    }

    /** Maps an image and writes its headers (the part of MmLoadSystemImage a debugger can see). */
    private KernelModule MmLoadSystemImage(Row row, long base) {
        long[] frames = new long[(int) ((row.size() + PAGE - 1) / PAGE)];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = space.frames().allocate();
        }
        PteRun.map(space.mapper(), space.memory().directoryTableBase(), base, frames, Pte.KERNEL_CODE);
        int stamp = random.nextInt();
        // an image without kdlab code gets an entry point the draw picks; the draw is made for every
        // image, so the boot's later choices stay where they were
        long drawnEntry = random.nextLong(PAGE, Math.max(PAGE + 0x10, row.size() - PAGE)) & -0x10L;
        Optional<ImageCode> code = DriverCode.of(row.baseDllName(), row.size());
        long entryRva = code.map(c -> c.rvaOf(DriverCode.ENTRY_POINT)).orElse(drawnEntry);
        boolean dll = row.baseDllName().toLowerCase(Locale.ROOT).endsWith(".dll");
        PeImage.write(space.memory(), base, row.size(), stamp, dll, entryRva,
                PeImage.codeViewFor(row.baseDllName(), random));
        PeImage.writeVersion(space.memory(), base, PeImage.resourceRva(row.size()), row.baseDllName());
        code.ifPresent(c -> c.writeInto(space.memory(), base, this::kernelExport));
        long checkSum = checkSum(row.size());
        space.struct("_IMAGE_NT_HEADERS64", base + PeImage.NT_HEADERS_OFFSET)
                .put("OptionalHeader.CheckSum", checkSum)
                .put("OptionalHeader.Subsystem", 1);   // IMAGE_SUBSYSTEM_NATIVE
        return new KernelModule(row.baseDllName(), row.fullDllName(), base, row.size(), stamp, checkSum,
                base + entryRva, row.session());
    }

    /** What a driver's import slot is bound to: the address of one of nt's routines. */
    private OptionalLong kernelExport(String module, String symbol) {
        Long rva = module.equals(DriverCode.KERNEL) ? NtSymbols.all().get(symbol) : null;
        return rva == null ? OptionalLong.empty() : OptionalLong.of(kernelBase + rva);
    }

    /** A PE checksum: the file's size plus carries, a little below SizeOfImage. */
    private long checkSum(long size) {
        return random.nextLong(size * 5 / 8, size) & 0xffffffffL;
    }

    /**
     * Bases: boot and system images above the kernel's large pages, sessions images in session
     * space. Images are placed four at a time in a shuffled order, so bases do not follow load order.
     */
    private long[] placeImages(List<Row> rows, AddressPlan plan) {
        long[] bases = new long[rows.size()];
        long next = plan.kernelBase() + align(NtSymbols.IMAGE_SIZE, 0x200000) + 0x200000;
        long nextSession = plan.sessionSpace() + 0x800000;
        for (int group = 1; group < rows.size(); group += 4) {
            List<Integer> order = new ArrayList<>();
            for (int i = group; i < Math.min(group + 4, rows.size()); i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(random.nextLong()));
            for (int i : order) {
                Row row = rows.get(i);
                if (row.session()) {
                    bases[i] = nextSession;
                    nextSession = align(nextSession + row.size(), ALIGNMENT);
                } else {
                    bases[i] = next;
                    next = align(next + row.size(), ALIGNMENT) + ALIGNMENT * random.nextInt(3);
                }
            }
        }
        return bases;
    }

    private void insertEntry(KernelModule module) {
        String full = module.fullDllName();
        String base = module.baseDllName();
        long entry = nonPagedPool.allocate("MmLd", 0xa0 + 2L * (full.length() + base.length() + 2));
        long fullBuffer = entry + 0xa0;
        long baseBuffer = fullBuffer + 2L * (full.length() + 1);
        space.writeWide(fullBuffer, full);
        space.writeWide(baseBuffer, base);
        space.batch("_KLDR_DATA_TABLE_ENTRY", entry)
                .put("DllBase", module.base())
                .put("EntryPoint", module.entryPoint())
                .put("SizeOfImage", module.size())
                .putUnicodeString("FullDllName", fullBuffer, 2 * full.length(), 2 * full.length() + 2)
                .putUnicodeString("BaseDllName", baseBuffer, 2 * base.length(), 2 * base.length() + 2)
                .put("Flags", DRIVER_FLAGS)
                .put("LoadCount", 1)
                .put("CheckSum", module.checkSum())
                .put("SizeOfImageNotRounded", module.size())
                .put("TimeDateStamp", module.timeDateStamp() & 0xffffffffL)
                .flush();
        ListEntry.insertTail(space.memory(), listHead, entry);
    }

    /** A kernel image this build's boot loads: its file name and SizeOfImage (what its code depends on). */
    public record BootImage(String baseDllName, long size) {
    }

    /** Every image PsLoadedModuleList of this build holds, the kernel first, in load order. */
    public static List<BootImage> bootImages() {
        return ROWS.stream().map(row -> new BootImage(row.baseDllName(), row.size())).toList();
    }

    private static long align(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    private static List<Row> readTable(String resource) {
        List<Row> rows = new ArrayList<>();
        for (String[] cells : DataTable.read(LoadedModuleList.class, resource)) {
            rows.add(new Row(cells[0], cells[1], Long.parseLong(cells[2], 16),
                    cells.length > 3 && cells[3].equals("session")));
        }
        return List.copyOf(rows);
    }
}
