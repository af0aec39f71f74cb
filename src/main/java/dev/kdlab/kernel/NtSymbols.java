package dev.kdlab.kernel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * nt! globals and their RVAs inside the emulated ntoskrnl image. The values place each global in
 * the image's data section; PsLoadedModuleList and PsIdleProcess sit where they sit in 19045
 * (machine-19045.md, 5.1). The debugger learns them as it learns a PDB's public symbols.
 */
public final class NtSymbols {
    public static final long IMAGE_SIZE = 0x1046000;

    public static final long KI_SYSTEM_STARTUP = 0x3f4c10;
    public static final long KE_BUG_CHECK_EX = 0x3f5900;
    public static final long KI_SWAP_CONTEXT = 0x3f8a70;
    public static final long EXP_WORKER_THREAD = 0x2a5d40;
    public static final long PSP_SYSTEM_THREAD_STARTUP = 0x355e50;
    public static final long NT_BUILD_NUMBER = 0xc12130;
    public static final long PS_ACTIVE_PROCESS_HEAD = 0xc1e5e0;
    public static final long PSP_CID_TABLE = 0xc1e6f8;
    public static final long PS_INITIAL_SYSTEM_PROCESS = 0xc1e700;
    public static final long PS_PROCESS_TYPE = 0xc1e708;
    public static final long PS_THREAD_TYPE = 0xc1e710;
    public static final long OB_HEADER_COOKIE = 0xc1ec2c;
    public static final long MM_PTE_BASE = 0xc1f0d8;
    public static final long OB_TYPE_INDEX_TABLE = 0xc1f300;
    public static final long PS_LOADED_MODULE_LIST = 0xc2a2b0;
    public static final long KI_PROCESSOR_BLOCK = 0xc2c500;
    public static final long KE_NUMBER_PROCESSORS = 0xc2c900;
    public static final long KD_DEBUGGER_DATA_BLOCK = 0xc00a60;
    public static final long PS_IDLE_PROCESS = 0xd24a00;
    public static final long KI_INITIAL_THREAD = 0xd27a00;

    private NtSymbols() {
    }

    private static final Map<String, Long> ALL = table();

    /** Every symbol and its RVA, in declaration order. */
    public static Map<String, Long> all() {
        return ALL;
    }

    private static Map<String, Long> table() {
        Map<String, Long> symbols = new LinkedHashMap<>();
        symbols.put("KiSystemStartup", KI_SYSTEM_STARTUP);
        symbols.put("KeBugCheckEx", KE_BUG_CHECK_EX);
        symbols.put("KiSwapContext", KI_SWAP_CONTEXT);
        symbols.put("ExpWorkerThread", EXP_WORKER_THREAD);
        symbols.put("PspSystemThreadStartup", PSP_SYSTEM_THREAD_STARTUP);
        symbols.put("NtBuildNumber", NT_BUILD_NUMBER);
        symbols.put("PsActiveProcessHead", PS_ACTIVE_PROCESS_HEAD);
        symbols.put("PspCidTable", PSP_CID_TABLE);
        symbols.put("PsInitialSystemProcess", PS_INITIAL_SYSTEM_PROCESS);
        symbols.put("PsProcessType", PS_PROCESS_TYPE);
        symbols.put("PsThreadType", PS_THREAD_TYPE);
        symbols.put("ObHeaderCookie", OB_HEADER_COOKIE);
        symbols.put("MmPteBase", MM_PTE_BASE);
        symbols.put("ObTypeIndexTable", OB_TYPE_INDEX_TABLE);
        symbols.put("PsLoadedModuleList", PS_LOADED_MODULE_LIST);
        symbols.put("KiProcessorBlock", KI_PROCESSOR_BLOCK);
        symbols.put("KeNumberProcessors", KE_NUMBER_PROCESSORS);
        symbols.put("KdDebuggerDataBlock", KD_DEBUGGER_DATA_BLOCK);
        symbols.put("PsIdleProcess", PS_IDLE_PROCESS);
        symbols.put("KiInitialThread", KI_INITIAL_THREAD);
        symbols.putAll(NtCode.image().symbols());
        return Collections.unmodifiableMap(symbols);
    }
}
