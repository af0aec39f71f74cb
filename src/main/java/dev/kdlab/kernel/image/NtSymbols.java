package dev.kdlab.kernel.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * nt! globals and their RVAs inside the emulated ntoskrnl image. The values place each global in
 * the image's data section; PsLoadedModuleList and the Idle process (KiInitialProcess) sit where they sit in 19045
 * (machine-19045.md, 5.1). The debugger learns them as it learns a PDB's public symbols.
 */
public final class NtSymbols {
    public static final long IMAGE_SIZE = 0x1046000;
    /** Where .rsrc begins (19041's section table): the version resource lm v reads. */
    public static final long RESOURCE_SECTION_RVA = 0xf39000;
    /** Where .data begins. */
    public static final long DATA_SECTION_RVA = 0xc00000;
    /** The build lab string 22H2 still carries (machine-19045.md 5.3: vertarget of the S1 dump). */
    public static final String BUILD_LAB = "19041.1.amd64fre.vb_release.191206-1406";

    public static final long KI_SYSTEM_STARTUP = 0x3f4c10;
    public static final long KE_BUG_CHECK_EX = 0x3f5900;
    public static final long KI_SWAP_CONTEXT = 0x3f8a70;
    public static final long KI_SYSTEM_CALL64_SHADOW = 0xa0d180;
    public static final long EXP_WORKER_THREAD = 0x2a5d40;
    public static final long PSP_SYSTEM_THREAD_STARTUP = 0x355e50;
    public static final long NT_BUILD_NUMBER = 0xc12130;
    public static final long PS_ACTIVE_PROCESS_HEAD = 0xc1e5e0;
    public static final long PSP_CID_TABLE = 0xc1e6f8;
    public static final long PS_INITIAL_SYSTEM_PROCESS = 0xc1e700;
    public static final long PS_PROCESS_TYPE = 0xc1e708;
    public static final long PS_THREAD_TYPE = 0xc1e710;
    public static final long PSP_MINIMUM_WORKING_SET = 0xc1e9a8;
    public static final long PSP_MAXIMUM_WORKING_SET = 0xc1e9b0;
    public static final long OB_HEADER_COOKIE = 0xc1ec2c;
    public static final long MM_PTE_BASE = 0xc1f0d8;
    public static final long MM_PFN_DATABASE = 0xc1f0e0;
    public static final long OB_TYPE_INDEX_TABLE = 0xc1f300;
    public static final long PS_LOADED_MODULE_LIST = 0xc2a2b0;
    public static final long KI_PROCESS_LIST_HEAD = 0xc2b1a0;
    public static final long SEP_LOGON_SESSIONS = 0xc3e4a0;
    public static final long PSP_DEFAULT_QUOTA_BLOCK = 0xc4f2c0;
    public static final long MM_TOTAL_COMMITTED_PAGES = 0xc50b40;
    public static final long MM_PROCESS_COMMIT = 0xc50b48;
    public static final long MM_PROCESS_LIST = 0xc50c80;
    /** The object manager's and I/O manager's globals (issue 11): a block of .data of their own. */
    public static final long OBP_ROOT_DIRECTORY_OBJECT = 0xc5e000;
    public static final long OBP_TYPE_OBJECT_TYPE = 0xc5e008;
    /** These two are placed among NtGlobals' variables (one place per name). */
    public static final long OBP_KERNEL_HANDLE_TABLE = NtGlobals.rva("ObpKernelHandleTable");
    public static final long OB_SYSTEM_DEVICE_MAP = 0xc5e028;
    public static final long HANDLE_TABLE_LIST_HEAD = NtGlobals.rva("HandleTableListHead");
    public static final long POOL_BIG_PAGE_TABLE = 0xc5e078;
    public static final long POOL_BIG_PAGE_TABLE_SIZE = 0xc5e080;
    public static final long CMP_HIVE_LIST_HEAD = 0xc5e090;
    public static final long OBP_INFO_MASK_TO_OFFSET = 0xc5e100;   // [0x100] UChar
    public static final long OBP_OBJECT_TYPES = 0xc5e200;          // [0x44] Ptr64 _OBJECT_TYPE
    public static final long KI_PROCESSOR_BLOCK = 0xc2c500;
    public static final long KE_NUMBER_PROCESSORS = 0xc2c900;
    public static final long KD_DEBUGGER_DATA_BLOCK = 0xc00a60;
    public static final long NT_BUILD_LAB = 0xc011e0;
    /** Processor 0's KPCR is static data of the image (KiProcessorBlock[0] = KiInitialPCR + 0x180). */
    public static final long KI_INITIAL_PCR = 0xd13000;   // 0xb080 bytes: ends clear of KiInitialProcess
    /** The Idle process's EPROCESS, static data of the image (nt!PsIdleProcess points at it). */
    public static final long KI_INITIAL_PROCESS = 0xd24a00;
    public static final long KI_INITIAL_THREAD = 0xd27a00;

    private NtSymbols() {
    }

    private static final Map<String, Long> ALL = table();

    /** Every symbol and its RVA, in declaration order. */
    public static Map<String, Long> all() {
        return ALL;
    }

    /** The symbols that name functions (a PDB public symbol's function flag), which {@code x} shows with a parameter list. */
    public static Set<String> functions() {
        return NtCode.image().functionNames();
    }

    private static Map<String, Long> table() {
        Map<String, Long> symbols = new LinkedHashMap<>();
        symbols.put("KiSystemStartup", KI_SYSTEM_STARTUP);
        symbols.put("KeBugCheckEx", KE_BUG_CHECK_EX);
        symbols.put("KiSwapContext", KI_SWAP_CONTEXT);
        symbols.put("KiSystemCall64Shadow", KI_SYSTEM_CALL64_SHADOW);
        symbols.put("ExpWorkerThread", EXP_WORKER_THREAD);
        symbols.put("PspSystemThreadStartup", PSP_SYSTEM_THREAD_STARTUP);
        symbols.put("NtBuildNumber", NT_BUILD_NUMBER);
        symbols.put("PsActiveProcessHead", PS_ACTIVE_PROCESS_HEAD);
        symbols.put("PspCidTable", PSP_CID_TABLE);
        symbols.put("PsInitialSystemProcess", PS_INITIAL_SYSTEM_PROCESS);
        symbols.put("PsProcessType", PS_PROCESS_TYPE);
        symbols.put("PsThreadType", PS_THREAD_TYPE);
        symbols.put("PspMinimumWorkingSet", PSP_MINIMUM_WORKING_SET);
        symbols.put("PspMaximumWorkingSet", PSP_MAXIMUM_WORKING_SET);
        symbols.put("ObHeaderCookie", OB_HEADER_COOKIE);
        symbols.put("MmPteBase", MM_PTE_BASE);
        symbols.put("MmPfnDatabase", MM_PFN_DATABASE);
        symbols.put("ObTypeIndexTable", OB_TYPE_INDEX_TABLE);
        symbols.put("PsLoadedModuleList", PS_LOADED_MODULE_LIST);
        symbols.put("KiProcessListHead", KI_PROCESS_LIST_HEAD);
        symbols.put("SepLogonSessions", SEP_LOGON_SESSIONS);
        symbols.put("PspDefaultQuotaBlock", PSP_DEFAULT_QUOTA_BLOCK);
        symbols.put("MmTotalCommittedPages", MM_TOTAL_COMMITTED_PAGES);
        symbols.put("MmProcessCommit", MM_PROCESS_COMMIT);
        symbols.put("MmProcessList", MM_PROCESS_LIST);
        symbols.put("ObpRootDirectoryObject", OBP_ROOT_DIRECTORY_OBJECT);
        symbols.put("ObpTypeObjectType", OBP_TYPE_OBJECT_TYPE);
        symbols.put("ObSystemDeviceMap", OB_SYSTEM_DEVICE_MAP);
        symbols.put("PoolBigPageTable", POOL_BIG_PAGE_TABLE);
        symbols.put("PoolBigPageTableSize", POOL_BIG_PAGE_TABLE_SIZE);
        symbols.put("CmpHiveListHead", CMP_HIVE_LIST_HEAD);
        symbols.put("ObpInfoMaskToOffset", OBP_INFO_MASK_TO_OFFSET);
        symbols.put("ObpObjectTypes", OBP_OBJECT_TYPES);
        symbols.put("KiProcessorBlock", KI_PROCESSOR_BLOCK);
        symbols.put("KeNumberProcessors", KE_NUMBER_PROCESSORS);
        symbols.put("KdDebuggerDataBlock", KD_DEBUGGER_DATA_BLOCK);
        symbols.put("NtBuildLab", NT_BUILD_LAB);
        symbols.put("KiInitialPCR", KI_INITIAL_PCR);
        symbols.put("KiInitialProcess", KI_INITIAL_PROCESS);
        symbols.put("KiInitialThread", KI_INITIAL_THREAD);
        symbols.putAll(KernelVariables.rvas());
        symbols.putAll(NtCode.image().symbols());   // NtRoutines' block among them, each routine with its code
        return Collections.unmodifiableMap(symbols);
    }
}
