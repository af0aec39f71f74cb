package dev.kdlab.dump;

import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.PhysicalAddressException;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.types.TypeCatalog;
import dev.kdlab.types.UnknownFieldException;
import dev.kdlab.types.UnknownTypeException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What readers demand of the kernel's memory in a dump (dump-readers.md C, E, F; crashdump-format.md
 * 6, 7, 8, 9): the plaintext KDBG and the version block, the processors' contexts, the globals an
 * ISF names, the kernel image, and the pool tags and fields Volatility's scanners test. Symbols are
 * RVAs from the kernel base, as an ISF gives them; every walk is bounded and remembers where it
 * has been, so a dump whose lists loop ends the check.
 */
final class KernelRules {
    /** The symbols readers resolve by name (dump-readers.md E; issue 13's list). */
    static final List<String> REQUIRED_SYMBOLS = List.of("KdDebuggerDataBlock", "KdVersionBlock", "KeNumberProcessors",
            "ObHeaderCookie", "ObTypeIndexTable", "ObpCaptureHandleInformationEx", "ObpInfoMaskToOffset",
            "MmProtectToValue", "CmpHiveListHead", "PsProcessType", "PsThreadType", "MmPfnDatabase", "KiProcessorBlock",
            "PspCidTable", "PoolBigPageTable", "MmNonPagedPoolStart", "MmNonPagedPoolEnd", "MmPagedPoolStart",
            "MmPagedPoolEnd", "PsActiveProcessHead", "PsLoadedModuleList", "KdpDataBlockEncoded");
    private static final long KDBG_TAG = 0x4742444bL;
    private static final long KUSER_SHARED_DATA = 0xfffff780_00000000L;
    private static final long FOUR_MIB = 4L << 20;
    private static final int MAX_LIST = 100_000;
    /** How many list links all walks together may follow: a hostile dump cannot make the check run for hours. */
    private static final int MAX_STEPS = 2_000_000;
    private static final long FILETIME_1970 = 116_444_736_000_000_000L;
    /** KDBG address fields 19041's x64 kernel has no value for (crashdump-format.md 7.2, "A / 0"). */
    private static final Set<String> MAY_BE_ZERO = Set.of("SavedContext", "KiNormalSystemCall", "MmVirtualTranslationBase",
            "RetpolineStubFunctionTable");
    private static final String[] KDBG_OFFSETS = {
            "OffsetKThreadNextProcessor:_KTHREAD:NextProcessor", "OffsetKThreadTeb:_KTHREAD:Teb",
            "OffsetKThreadKernelStack:_KTHREAD:KernelStack", "OffsetKThreadInitialStack:_KTHREAD:InitialStack",
            "OffsetKThreadApcProcess:_KTHREAD:ApcState.Process", "OffsetKThreadState:_KTHREAD:State",
            "OffsetEprocessPeb:_EPROCESS:Peb", "OffsetEprocessParentCID:_EPROCESS:InheritedFromUniqueProcessId",
            "OffsetEprocessDirectoryTableBase:_EPROCESS:Pcb.DirectoryTableBase",
            "OffsetPrcbCurrentThread:_KPRCB:CurrentThread", "OffsetPrcbProcStateContext:_KPRCB:ProcessorState.ContextFrame",
            "OffsetPrcbNumber:_KPRCB:Number", "OffsetPcrSelfPcr:_KPCR:Self", "OffsetPcrCurrentPrcb:_KPCR:CurrentPrcb",
            "OffsetPcrContainedPrcb:_KPCR:Prcb", "OffsetPrcbProcStateSpecialReg:_KPRCB:ProcessorState.SpecialRegisters",
            "OffsetPrcbContext:_KPRCB:Context", "OffsetKThreadStackLimit:_KTHREAD:StackLimit",
            "OffsetKThreadStackBase:_KTHREAD:StackBase", "OffsetPrcbIdleThread:_KPRCB:IdleThread",
            "OffsetKThreadWaitReason:_KTHREAD:WaitReason", "OffsetEThreadIrpList:_ETHREAD:IrpList"};

    private final CrashDump dump;
    private final TypeCatalog types;
    private final Map<String, Long> rvas;
    private final List<Verdict> verdicts;
    private final TypedMemory kernel;
    private final DumpHeader header;
    private long kernBase;
    private long kdbg;
    private int steps;

    KernelRules(CrashDump dump, TypeCatalog types, Map<String, Long> rvas, List<Verdict> verdicts) {
        this.dump = dump;
        this.types = types;
        this.rvas = rvas;
        this.verdicts = verdicts;
        this.header = dump.header();
        this.kernel = new TypedMemory(new AddressSpace(dump, header.directoryTableBase()), types);
    }

    void check() {
        List<String> missing = REQUIRED_SYMBOLS.stream().filter(name -> !rvas.containsKey(name)).toList();
        add("Volatility 3: the ISF names every symbol readers resolve", missing.isEmpty(),
                missing.isEmpty() ? REQUIRED_SYMBOLS.size() + " symbols" : "missing " + missing);
        kdbg = header.kdDebuggerDataBlock();
        rule("Volatility 3: a plaintext KDBG in physical memory whose KernBase leads to MZ and an RSDS ntkrnlmp.pdb "
                + "record within 4 MiB", this::kdbgScan);
        rule("WinDbg, QEMU: the header's KdDebuggerDataBlock is a plaintext KDBG ('KDBG', Size 0x380)", () -> {
            long tag = kdbgField("Header.OwnerTag");
            long size = kdbgField("Header.Size");
            kernBase = kdbgField("KernBase");
            return result(tag == KDBG_TAG && size == 0x380, String.format("tag %x, size %x", tag, size));
        });
        rule("WinDbg: the KDBG's KernBase, PsLoadedModuleList and PsActiveProcessHead agree with the header and the ISF",
                () -> result(kdbgField("PsLoadedModuleList") == header.psLoadedModuleList()
                        && kdbgField("PsActiveProcessHead") == header.psActiveProcessHead()
                        && header.psLoadedModuleList() == symbol("PsLoadedModuleList")
                        && kdbg == symbol("KdDebuggerDataBlock"), String.format("KernBase %x", kernBase)));
        rule("QEMU, MemProcFS: *KDBG.MmPfnDatabase is the header's PfnDataBase",
                () -> equal(kernel.pointer(kdbgField("MmPfnDatabase")), header.pfnDataBase()));
        rule("WinDbg: KDBG.PteBase agrees with the PML4 self-map", this::pteBase);
        rule("WinDbg: every KDBG structure offset and size is the 19041 layout's", this::kdbgOffsets);
        rule("WinDbg: every KDBG address field points into mapped kernel memory", this::kdbgAddresses);
        rule("Volatility 3 info: NtBuildLab is ASCII and CmNtCSDVersion is readable", () -> {
            String lab = kernel.ascii(kdbgField("NtBuildLab"), 64);
            kernel.memory().readInt(kdbgField("CmNtCSDVersion"));
            return result(lab.length() > 10 && lab.chars().allMatch(c -> c >= 0x20 && c < 0x7f), lab);
        });
        rule("QEMU, MemProcFS: KiProcessorBlock[i] -> KPRCB.Context -> a CONTEXT with kernel selectors, every processor",
                this::processorContexts);
        rule("MemProcFS: nt!KdpDataBlockEncoded is 0", () -> equal(kernel.memory().readByte(symbol("KdpDataBlockEncoded")), 0));
        rule("Volatility 3: KdVersionBlock is a _DBGKD_GET_VERSION64 of this kernel", this::versionBlock);
        rule("Volatility 3 info, dlllist: KUSER_SHARED_DATA at fffff780`00000000 (10.0, a defined product type)",
                this::sharedUserData);
        rule("Volatility 3 info: KeNumberProcessors is the header's NumberProcessors",
                () -> equal(kernel.memory().readInt(symbol("KeNumberProcessors")), header.processorCount()));
        rule("Volatility 3 psscan, handles: ObHeaderCookie is mapped",
                () -> result(true, "cookie " + Integer.toHexString(kernel.memory().readByte(symbol("ObHeaderCookie")))));
        rule("Volatility 3: ObTypeIndexTable has NULL at 0, Process at 7, Thread at 8", this::typeIndexTable);
        rule("Volatility 3: PsProcessType and PsThreadType name the Process and Thread types", () -> result(
                typeName(kernel.pointer(symbol("PsProcessType"))).equals("Process")
                        && typeName(kernel.pointer(symbol("PsThreadType"))).equals("Thread"), ""));
        rule("Volatility 3 handles: the first sar in ObpCaptureHandleInformationEx shifts by 0x10", this::handleShift);
        rule("Volatility 3 handles: ObpInfoMaskToOffset sums the optional headers of each InfoMask", this::infoMaskTable);
        rule("Volatility 3 vadinfo: MmProtectToValue is the 32-entry PAGE_* table", this::protectToValue);
        rule("Volatility 3 hivelist: CmpHiveListHead lists _CMHIVEs signed 0xbee0bee0", this::hives);
        rule("Volatility 3 bigpools: PoolBigPageTable's entries in use have a tag and a page-aligned kernel Va", this::bigPool);
        rule("Volatility 2: MmNonPagedPoolStart/End and MmPagedPoolStart/End bound the pools", () -> {
            long npStart = kernel.pointer(symbol("MmNonPagedPoolStart"));
            long npEnd = kernel.pointer(symbol("MmNonPagedPoolEnd"));
            long pStart = kernel.pointer(symbol("MmPagedPoolStart"));
            long pEnd = kernel.pointer(symbol("MmPagedPoolEnd"));
            return result(Long.compareUnsigned(npStart, npEnd) < 0 && Long.compareUnsigned(pStart, pEnd) < 0
                    && npStart < 0 && pStart < 0, String.format("%x-%x, %x-%x", npStart, npEnd, pStart, pEnd));
        });
        rule("LeechCore, WinDbg: PsLoadedModuleList leads to ntoskrnl.exe at KernBase first", this::loadedModules);
        rule("MemProcFS: the kernel image has MZ/PE for x64, a POOLCODE section header and exports as ntoskrnl.exe",
                this::kernelImage);
        List<Long> processes = new ArrayList<>();
        rule("Volatility 3 pslist, psscan: every active process passes EPROCESS.is_valid", () -> processes(processes));
        rule("Volatility 3 psscan: every EPROCESS follows a 'Proc' pool header of BlockSize*16 >= 600",
                () -> poolTags(processes, "Proc", 600));
        rule("Volatility 3 thrdscan: every thread has TID and PID % 4 == 0, a creation year 1998-2029, a 'Thre' pool header",
                () -> threads(processes));
        rule("Volatility 3 handles: handle entries decode to object headers of known types", () -> handles(processes));
        rule("Volatility 3 vadinfo: every VAD node follows a 'Vad*' pool tag", () -> vads(processes));
    }

    // --- the KDBG ---

    private String[] kdbgScan() {
        byte[] page = new byte[PhysicalMemory.PAGE_SIZE + 16];
        for (long pfn = dump.nextTouched(0); pfn >= 0; pfn = dump.nextTouched(pfn + 1)) {
            dump.read(pfn << 12, page, 0, PhysicalMemory.PAGE_SIZE);
            for (int at = 0; at <= PhysicalMemory.PAGE_SIZE - 16; at += 4) {
                if (page[at] == 'K' && page[at + 1] == 'D' && page[at + 2] == 'B' && page[at + 3] == 'G') {
                    long candidate = dump.readLong((pfn << 12) + at + 8);
                    if (imageWithRsds(candidate)) {
                        return result(true, String.format("at physical %x, KernBase %x", (pfn << 12) + at - 0x10, candidate));
                    }
                }
            }
        }
        return result(false, "no KDBG leads to the kernel image");
    }

    private boolean imageWithRsds(long base) {
        try {
            if (kernel.memory().readShort(base) != 0x5a4d) {
                return false;
            }
        } catch (MemoryAccessException e) {
            return false;
        }
        byte[] name = "ntkrnlmp.pdb\0".getBytes(StandardCharsets.US_ASCII);
        for (long page = base; page < base + FOUR_MIB; page += PhysicalMemory.PAGE_SIZE) {
            byte[] bytes;
            try {
                bytes = kernel.memory().read(page, PhysicalMemory.PAGE_SIZE);
            } catch (MemoryAccessException e) {
                continue;
            }
            for (int at = 0; at + 24 + name.length <= bytes.length; at++) {
                if (bytes[at] == 'R' && bytes[at + 1] == 'S' && bytes[at + 2] == 'D' && bytes[at + 3] == 'S'
                        && java.util.Arrays.equals(bytes, at + 24, at + 24 + name.length, name, 0, name.length)) {
                    return true;
                }
            }
        }
        return false;
    }

    private long kdbgField(String path) {
        return kernel.field("_KDDEBUGGER_DATA64", kdbg, path);
    }

    private String[] pteBase() {
        if (!dump.contains(header.directoryTableBase() + PhysicalMemory.PAGE_SIZE - 1)) {
            return result(false, String.format("the DirectoryTableBase %x lies outside the dump", header.directoryTableBase()));
        }
        byte[] pml4 = dump.frame(header.directoryTableBase() >>> 12);
        int self = -1;
        for (int i = 0x100; i < 0x200; i++) {
            long entry = java.nio.ByteBuffer.wrap(pml4, 8 * i, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            if ((entry & 1) != 0 && (entry & 0xf_ffff_ffff_f000L) == header.directoryTableBase()) {
                self = i;
            }
        }
        long expected = self < 0 ? -1 : ((long) self << 39) | 0xffff0000_00000000L;
        return equal(kdbgField("PteBase"), expected);
    }

    private String[] kdbgOffsets() {
        List<String> wrong = new ArrayList<>();
        for (String entry : KDBG_OFFSETS) {
            String[] parts = entry.split(":");
            if (kdbgField(parts[0]) != kernel.offset(parts[1], parts[2])) {
                wrong.add(parts[0]);
            }
        }
        String[][] sizes = {{"SizeEProcess", "_EPROCESS"}, {"SizeEThread", "_ETHREAD"}, {"SizePrcb", "_KPRCB"},
                {"SizePcr", "_KPCR"}};
        for (String[] size : sizes) {
            if (kdbgField(size[0]) != kernel.size(size[1])) {
                wrong.add(size[0]);
            }
        }
        if (kdbgField("MmPageSize") != PhysicalMemory.PAGE_SIZE) {
            wrong.add("MmPageSize");
        }
        return result(wrong.isEmpty(), wrong.isEmpty() ? KDBG_OFFSETS.length + 5 + " fields" : "wrong: " + wrong);
    }

    /** Every u64 field from KernBase to MmVirtualTranslationBase and the later address fields is mapped (or a documented zero). */
    private String[] kdbgAddresses() {
        List<String> bad = new ArrayList<>();
        int checked = 0;
        for (dev.kdlab.types.Field field : types.struct("_KDDEBUGGER_DATA64").fields()) {
            boolean address = field.type().size() == 8 && !field.name().equals("Header") && !field.name().equals("PteBase")
                    && !field.name().equals("MmPageSize") && !field.name().startsWith("Retpoline")
                    && field.offset() < 0x380;
            if (!address) {
                continue;
            }
            long value = kdbgField(field.name());
            if (value == 0 && MAY_BE_ZERO.contains(field.name())) {
                continue;
            }
            checked++;
            if (value == 0 || !kernel.memory().isReadable(value)) {
                bad.add(field.name());
            }
        }
        return result(bad.isEmpty(), bad.isEmpty() ? checked + " address fields" : "unmapped or zero: " + bad);
    }

    private String[] processorContexts() {
        long block = kdbgField("KiProcessorBlock");
        long contextOffset = kdbgField("OffsetPrcbContext");
        List<String> bad = new ArrayList<>();
        for (int cpu = 0; cpu < Math.min(header.processorCount(), 2048); cpu++) {
            long prcb = kernel.pointer(block + 8L * cpu);
            long context = kernel.pointer(prcb + contextOffset);
            byte[] bytes = kernel.memory().read(context, 0x4d0);
            boolean selectors = java.util.Arrays.stream(ContextRecord.selectors(bytes)).allMatch(s -> s != 0);
            if (!selectors || ContextRecord.mxCsr(bytes) != ContextRecord.savedMxCsr(bytes) && ContextRecord.savedMxCsr(bytes) != 0
                    || ContextRecord.rip(bytes) >= 0 || ContextRecord.rsp(bytes) >= 0) {
                bad.add("processor " + cpu);
            }
        }
        return result(bad.isEmpty(), bad.isEmpty() ? header.processorCount() + " processors" : String.join(", ", bad));
    }

    private String[] versionBlock() {
        long block = symbol("KdVersionBlock");
        String type = "_DBGKD_GET_VERSION64";
        long list = kernel.field(type, block, "DebuggerDataList");
        boolean ok = kernel.field(type, block, "MajorVersion") == 0xf
                && kernel.field(type, block, "MinorVersion") == header.buildNumber()
                && kernel.field(type, block, "MachineType") == 0x8664
                && kernel.field(type, block, "KernBase") == kernBase
                && kernel.field(type, block, "PsLoadedModuleList") == header.psLoadedModuleList()
                && kernel.pointer(list) == kdbg;
        return result(ok, "minor version " + kernel.field(type, block, "MinorVersion"));
    }

    private String[] sharedUserData() {
        String type = "_KUSER_SHARED_DATA";
        long product = kernel.field(type, KUSER_SHARED_DATA, "NtProductType");
        long major = kernel.field(type, KUSER_SHARED_DATA, "NtMajorVersion");
        long minor = kernel.field(type, KUSER_SHARED_DATA, "NtMinorVersion");
        long time = kernel.field(type, KUSER_SHARED_DATA, "SystemTime.LowPart");
        byte[] root = kernel.memory().read(KUSER_SHARED_DATA + kernel.offset(type, "NtSystemRoot"), 6);
        boolean ok = product >= 1 && product <= 3 && major == 10 && minor == 0 && time != 0
                && new String(root, StandardCharsets.UTF_16LE).equals("C:\\");
        return result(ok, String.format("%d.%d, product type %d", major, minor, product));
    }

    // --- globals an ISF names ---

    private String[] typeIndexTable() {
        long table = symbol("ObTypeIndexTable");
        boolean ok = kernel.pointer(table) == 0 && typeName(kernel.pointer(table + 8 * 7)).equals("Process")
                && typeName(kernel.pointer(table + 8 * 8)).equals("Thread");
        int named = 0;
        for (int index = 2; index < 100 && kernel.pointer(table + 8L * index) != 0; index++) {
            typeName(kernel.pointer(table + 8L * index));
            named++;
        }
        return result(ok, named + " types");
    }

    private String typeName(long objectType) {
        return kernel.unicode(objectType + kernel.offset("_OBJECT_TYPE", "Name"));
    }

    /** The first SAR r/m64, imm8 (REX.W C1 /7 ib) in the function's first 0x200 bytes. */
    private String[] handleShift() {
        byte[] code = kernel.memory().read(symbol("ObpCaptureHandleInformationEx"), 0x200);
        for (int at = 0; at + 3 < code.length; at++) {
            if ((code[at] & 0xf8) == 0x48 && (code[at + 1] & 0xff) == 0xc1 && (code[at + 2] & 0x38) == 0x38) {
                return equal(code[at + 3] & 0xff, 0x10);
            }
        }
        return result(false, "no sar");
    }

    private String[] infoMaskTable() {
        String[] headers = {"_OBJECT_HEADER_CREATOR_INFO", "_OBJECT_HEADER_NAME_INFO", "_OBJECT_HEADER_HANDLE_INFO",
                "_OBJECT_HEADER_QUOTA_INFO", "_OBJECT_HEADER_PROCESS_INFO", "_OBJECT_HEADER_AUDIT_INFO",
                "_OBJECT_HEADER_EXTENDED_INFO", "_OBJECT_HEADER_PADDING_INFO"};
        byte[] table = kernel.memory().read(symbol("ObpInfoMaskToOffset"), 256);
        for (int mask = 0; mask < 256; mask++) {
            long sum = 0;
            for (int bit = 0; bit < headers.length; bit++) {
                if ((mask & 1 << bit) != 0) {
                    sum += kernel.size(headers[bit]);
                }
            }
            if ((table[mask] & 0xff) != sum) {
                return result(false, String.format("mask %x: %x, expected %x", mask, table[mask] & 0xff, sum));
            }
        }
        return result(true, "256 masks");
    }

    private String[] protectToValue() {
        int[] base = {0x01, 0x02, 0x10, 0x20, 0x04, 0x08, 0x40, 0x80};
        int[] modifiers = {0, 0x200, 0x100, 0x400};
        long table = symbol("MmProtectToValue");
        for (int i = 0; i < 32; i++) {
            long expected = i % 8 == 0 ? 0x01 : base[i % 8] | modifiers[i / 8];
            if (kernel.memory().readInt(table + 4L * i) != expected) {
                return result(false, "entry " + i);
            }
        }
        return result(true, "32 entries");
    }

    private String[] hives() {
        long head = symbol("CmpHiveListHead");
        int listOffset = kernel.offset("_CMHIVE", "HiveList");
        int count = 0;
        for (long link : walk(head)) {
            long hive = link - listOffset;
            if (kernel.field("_CMHIVE", hive, "Hive.Signature") != 0xbee0bee0L) {
                return result(false, String.format("_CMHIVE %x", hive));
            }
            kernel.unicode(hive + kernel.offset("_CMHIVE", "HiveRootPath"));
            count++;
        }
        return result(count > 0, count + " hives");
    }

    private String[] bigPool() {
        long table = kernel.pointer(symbol("PoolBigPageTable"));
        long size = kernel.pointer(symbol("PoolBigPageTableSize"));
        long entrySize = kernel.size("_POOL_TRACKER_BIG_PAGES");
        int used = 0;
        for (long i = 0; i < Math.min(size, 1 << 20); i++) {
            long entry = table + i * entrySize;
            long va = kernel.field("_POOL_TRACKER_BIG_PAGES", entry, "Va");
            if ((va & 1) != 0) {
                continue;
            }
            long key = kernel.field("_POOL_TRACKER_BIG_PAGES", entry, "Key");
            // Volatility reads only the entry: a paged-pool block may be out of memory (a hive's pages on standby)
            if (!printableTag(key) || va >= 0 || (va & 0xfff) != 0) {
                return result(false, String.format("entry %d: Va %x, Key %x", i, va, key));
            }
            used++;
        }
        return result(size > 0 && Long.bitCount(size) == 1, used + " of " + size + " entries in use");
    }

    private String[] loadedModules() {
        long head = header.psLoadedModuleList();
        long first = kernel.pointer(head);
        long entry = first - kernel.offset("_KLDR_DATA_TABLE_ENTRY", "InLoadOrderLinks");
        long base = kernel.field("_KLDR_DATA_TABLE_ENTRY", entry, "DllBase");
        String name = kernel.unicode(entry + kernel.offset("_KLDR_DATA_TABLE_ENTRY", "BaseDllName"));
        return result(first < 0 && Long.compareUnsigned(first, 0xffff8000_00000000L) >= 0 && base == kernBase
                && name.equalsIgnoreCase("ntoskrnl.exe"), String.format("%s at %x, %d modules", name, base, walk(head).size()));
    }

    private String[] kernelImage() {
        byte[] page = kernel.memory().read(kernBase, PhysicalMemory.PAGE_SIZE);
        java.nio.ByteBuffer headers = java.nio.ByteBuffer.wrap(page).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int lfanew = headers.getInt(0x3c);
        int exportEntry = lfanew + 0x18 + 0x70;   // OptionalHeader.DataDirectory[0]
        if (headers.getShort(0) != 0x5a4d || lfanew <= 0 || exportEntry + 8 > page.length) {
            return result(false, String.format("no PE header in the first page (e_lfanew %x)", lfanew));
        }
        boolean pe = headers.getInt(lfanew) == 0x4550 && (headers.getShort(lfanew + 4) & 0xffff) == 0x8664;
        boolean poolCode = new String(page, StandardCharsets.ISO_8859_1).contains("POOLCODE");
        long exports = kernBase + (headers.getInt(exportEntry) & 0xffffffffL);
        String name = kernel.ascii(kernBase + (kernel.memory().readInt(exports + 12) & 0xffffffffL), 32);
        return result(pe && poolCode && name.equals("ntoskrnl.exe"), "exports as " + name);
    }

    // --- processes, threads, handles, VADs ---

    private String[] processes(List<Long> processes) {
        int links = kernel.offset("_EPROCESS", "ActiveProcessLinks");
        List<String> bad = new ArrayList<>();
        for (long link : walk(symbol("PsActiveProcessHead"))) {
            long process = link - links;
            processes.add(process);
            long pid = kernel.field("_EPROCESS", process, "UniqueProcessId");
            String name = kernel.ascii(process + kernel.offset("_EPROCESS", "ImageFileName"), 15);
            long created = kernel.field("_EPROCESS", process, "CreateTime.QuadPart");
            long exited = kernel.field("_EPROCESS", process, "ExitTime.QuadPart");
            long dtb = kernel.field("_EPROCESS", process, "Pcb.DirectoryTableBase");
            long threadFlink = kernel.field("_EPROCESS", process, "ThreadListHead.Flink");
            long threadBlink = kernel.field("_EPROCESS", process, "ThreadListHead.Blink");
            int year = year(created);
            boolean valid = !name.isEmpty() && pid % 4 == 0 && (dtb & ~0xfffL) != 0
                    && Long.compareUnsigned(threadFlink, 0x80000000L) >= 0 && Long.compareUnsigned(threadBlink, 0x80000000L) >= 0
                    && (pid == 4 || year > 1998 && year < Instant.now().atZone(ZoneOffset.UTC).getYear() + 10)
                    && (exited == 0 || exited >= created);
            if (!valid) {
                bad.add(name + " (" + pid + ")");
            }
        }
        return result(bad.isEmpty() && !processes.isEmpty(), bad.isEmpty() ? processes.size() + " processes" : "invalid: " + bad);
    }

    /** The pool header before each object: tag and, for psscan, a block of at least {@code minimumBytes}. */
    private String[] poolTags(List<Long> objects, String tag, int minimumBytes) {
        List<String> bad = new ArrayList<>();
        for (long body : objects) {
            long pool = poolHeaderOf(body);
            long poolTag = kernel.field("_POOL_HEADER", pool, "PoolTag") & 0x7fffffffL;   // protected bit cleared
            long blockSize = kernel.field("_POOL_HEADER", pool, "BlockSize");
            if (poolTag != tagValue(tag) || blockSize * 16 < minimumBytes) {
                bad.add(String.format("%x", body));
            }
        }
        return result(bad.isEmpty(), bad.isEmpty() ? objects.size() + " objects" : "untagged: " + bad);
    }

    /**
     * Where an object's pool header is, as Volatility 3's top-down _POOL_HEADER.get_object finds the
     * object: the optional headers other than padding sit under the object header; with PaddingInfo
     * (InfoMask 0x80), the four bytes below them hold PaddingAmount, the distance from the pool
     * block's body to those headers (an EPROCESS is padded to a 64-byte boundary).
     */
    private long poolHeaderOf(long body) {
        long objectHeader = body - kernel.offset("_OBJECT_HEADER", "Body");
        int infoMask = (int) kernel.field("_OBJECT_HEADER", objectHeader, "InfoMask");
        int optional = kernel.memory().readByte(symbol("ObpInfoMaskToOffset") + (infoMask & 0x7f));
        long padding = (infoMask & 0x80) == 0 ? 0 : kernel.memory().readInt(objectHeader - optional - 4);
        return objectHeader - optional - padding - kernel.size("_POOL_HEADER");
    }

    private String[] threads(List<Long> processes) {
        int entryOffset = kernel.offset("_ETHREAD", "ThreadListEntry");
        List<Long> threads = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (long process : processes) {
            for (long link : walk(process + kernel.offset("_EPROCESS", "ThreadListHead"))) {
                long thread = link - entryOffset;
                threads.add(thread);
                long tid = kernel.field("_ETHREAD", thread, "Cid.UniqueThread");
                long pid = kernel.field("_ETHREAD", thread, "Cid.UniqueProcess");
                int year = year(kernel.field("_ETHREAD", thread, "CreateTime.QuadPart"));
                if (tid % 4 != 0 || pid % 4 != 0 || year < 1998 || year > 2029) {
                    bad.add(String.format("%x (year %d)", thread, year));
                }
            }
        }
        if (!bad.isEmpty()) {
            return result(false, "invalid: " + bad.subList(0, Math.min(bad.size(), 5)));
        }
        String[] tags = poolTags(threads, "Thre", 0);
        return result(tags[0] == null, tags[0] == null ? threads.size() + " threads" : tags[0]);
    }

    private String[] handles(List<Long> processes) {
        int entries = 0;
        int tableCodeOffset = kernel.offset("_HANDLE_TABLE", "TableCode");
        int cookie = kernel.memory().readByte(symbol("ObHeaderCookie"));
        long typeTable = symbol("ObTypeIndexTable");
        List<Long> tables = new ArrayList<>();   // per-process tables point at headers (PspCidTable at bodies)
        for (long process : processes) {
            tables.add(kernel.field("_EPROCESS", process, "ObjectTable"));
        }
        Set<Long> seen = new HashSet<>();
        for (long table : tables) {
            if (table == 0) {
                continue;
            }
            List<Long> pages = new ArrayList<>();
            collectHandlePages(kernel.pointer(table + tableCodeOffset), pages, seen);
            for (long page : pages) {
                for (int i = 0; i < 256; i++) {
                    long low = kernel.pointer(page + 16L * i);
                    if (low == 0 || (low & 1) == 0) {
                        continue;   // free entries link to the next free one; in-use ones are Unlocked
                    }
                    if (((low >>> 16) & 0xf) != 0) {
                        return result(false, String.format("entry %x: attribute or RefCnt bits reach bit 16", page + 16L * i));
                    }
                    long objectHeader = (low >>> 16) | 0xffff0000_00000000L;
                    int stored = (int) kernel.field("_OBJECT_HEADER", objectHeader, "TypeIndex");
                    int index = stored ^ cookie ^ (int) ((objectHeader >>> 8) & 0xff);
                    long type = kernel.pointer(typeTable + 8L * index);
                    if (index < 2 || type == 0) {
                        return result(false, String.format("entry %x: type index %d", page + 16L * i, index));
                    }
                    typeName(type);
                    entries++;
                }
            }
        }
        return result(true, entries + " entries");
    }

    private void collectHandlePages(long tableCode, List<Long> pages, Set<Long> seen) {
        int level = (int) (tableCode & 3);
        long base = tableCode & ~3L;
        if (base == 0 || !seen.add(base) || level > 2) {
            return;
        }
        if (level == 0) {
            pages.add(base);
            return;
        }
        for (int i = 0; i < 512; i++) {
            long next = kernel.pointer(base + 8L * i);
            if (next == 0) {
                break;
            }
            collectHandlePages(next | (level - 1), pages, seen);
        }
    }

    private String[] vads(List<Long> processes) {
        int nodes = 0;
        for (long process : processes) {
            long root = kernel.pointer(process + kernel.offset("_EPROCESS", "VadRoot"));
            List<Long> stack = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            if (root != 0) {
                stack.add(root);
            }
            while (!stack.isEmpty() && nodes < MAX_LIST) {
                long node = stack.remove(stack.size() - 1);
                if (!seen.add(node)) {
                    return result(false, String.format("the VAD tree of %x loops at %x", process, node));
                }
                byte[] tag = kernel.memory().read(node - 12, 4);
                if (tag[0] != 'V' || tag[1] != 'a' || tag[2] != 'd') {
                    return result(false, String.format("VAD %x has tag %s", node, new String(tag, StandardCharsets.ISO_8859_1)));
                }
                nodes++;
                for (long child : new long[] {kernel.pointer(node), kernel.pointer(node + 8)}) {
                    if (child != 0) {
                        stack.add(child);
                    }
                }
            }
        }
        return result(true, nodes == 0 ? "no VADs" : nodes + " nodes");
    }

    // --- helpers ---

    /** The entries of a LIST_ENTRY ring after {@code head}, in order; stops at the head, a repeat or the limit. */
    private List<Long> walk(long head) {
        List<Long> entries = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (long link = kernel.pointer(head); link != head && link != 0 && entries.size() < MAX_LIST; link = kernel.pointer(link)) {
            if (!seen.add(link) || ++steps > MAX_STEPS) {
                throw new MemoryAccessException(link);   // a loop, or more links than any machine has
            }
            entries.add(link);
        }
        return entries;
    }

    private long symbol(String name) {
        Long rva = rvas.get(name);
        if (rva == null) {
            throw new IllegalArgumentException("the ISF has no " + name);
        }
        return kernBase + rva;
    }

    private static int year(long filetime) {
        if (filetime <= FILETIME_1970) {
            return 1601;
        }
        return Instant.ofEpochMilli((filetime - FILETIME_1970) / 10_000).atZone(ZoneOffset.UTC).getYear();
    }

    private static boolean printableTag(long key) {
        for (int i = 0; i < 4; i++) {
            int c = (int) (key >>> (8 * i) & 0x7f);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static long tagValue(String tag) {
        byte[] chars = tag.getBytes(StandardCharsets.US_ASCII);
        return (chars[0] & 0xff) | (chars[1] & 0xff) << 8 | (chars[2] & 0xff) << 16 | (long) (chars[3] & 0xff) << 24;
    }

    private static String[] result(boolean passed, String detail) {
        return new String[] {passed ? null : "failed", detail};
    }

    private static String[] equal(long actual, long expected) {
        return result(actual == expected, String.format("%x, expected %x", actual, expected));
    }

    /** Runs one rule; an unreadable address or a missing type or symbol fails it with that reason. */
    private void rule(String name, Supplier<String[]> check) {
        try {
            String[] outcome = check.get();
            add(name, outcome[0] == null, outcome[1]);
        } catch (MemoryAccessException e) {
            add(name, false, String.format("memory at %x is not readable", e.address()));
        } catch (PhysicalAddressException e) {
            add(name, false, e.getMessage());
        } catch (IllegalArgumentException | UnknownFieldException | UnknownTypeException e) {
            add(name, false, e.getMessage());
        }
    }

    private void add(String rule, boolean passed, String detail) {
        verdicts.add(Verdict.of(rule, passed, detail));
    }
}
