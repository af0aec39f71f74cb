package dev.kdlab.kernel.image;


import dev.kdlab.kernel.image.ImageCode.Section;
import dev.kdlab.pe.Register;
import dev.kdlab.pe.UnwindCode.Alloc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static dev.kdlab.pe.Register.R12;
import static dev.kdlab.pe.Register.R13;
import static dev.kdlab.pe.Register.R14;
import static dev.kdlab.pe.Register.R15;
import static dev.kdlab.pe.Register.RBP;
import static dev.kdlab.pe.Register.RBX;
import static dev.kdlab.pe.Register.RDI;
import static dev.kdlab.pe.Register.RSI;

/**
 * The code of the user-mode images threads run in: ntdll (system-call stubs, the loader, the heap,
 * the thread pool, RtlUserThreadStart), KERNEL32 (BaseThreadInitThunk and the forwarders to
 * KERNELBASE most of its exports are), KERNELBASE (the Win32 API over the stubs) and, for each EXE,
 * its CRT startup, main and one thread routine around the image's entry point. RVAs fixed by
 * machine-19045.md 6.4/6.5 are used as given (ntdll!TppWorkerThread = +0x52b20,
 * RtlUserThreadStart = +0x52680, KERNEL32!BaseThreadInitThunk = +0x17600; the stubs of
 * NtWaitForSingleObject and NtWaitForWorkViaWorkerFactory at +0x9d0d0 and +0xa0ac0); the other
 * stubs sit 0x20 bytes apart in system-call-number order, as ntdll lays them out, and the other
 * functions where their names pick in .text.
 */
public final class UserCode {
    /** Console programs start in mainCRTStartup (cmd!mainCRTStartup, machine-19045.md 6.5); GUI ones in wWinMainCRTStartup. */
    private static final Set<String> CONSOLE = Set.of("cmd.exe", "kd.exe", "conhost.exe", "powershell.exe",
            "services.exe", "lsass.exe", "svchost.exe", "smss.exe", "csrss.exe", "wininit.exe", "spoolsv.exe");
    /** Native programs import from ntdll alone. */
    private static final Set<String> NATIVE = Set.of("smss.exe", "csrss.exe");
    private static final Register[] ALL_EIGHT = {RBX, RBP, RSI, RDI, R12, R13, R14, R15};
    private static final Register[] FIVE = {RBX, RBP, RSI, RDI, R14};
    private static final Register[] THREE = {RBX, RSI, RDI};
    private static final Register[] TWO = {RBX, RSI};
    private static final Register[] ONE = {RBX};
    private static final Register[] NONE = {};

    /** ntdll's stubs: NtAccessCheck (0) is 0x80 bytes below NtWaitForSingleObject (4). */
    private static final long FIRST_STUB = 0x9d050;
    private static final Section NTDLL_TEXT = new Section(".text", 0x1000, 0x9d000);
    private static final Section KERNEL32_TEXT = new Section(".text", 0x1000, 0x7f000);
    private static final Section KERNELBASE_TEXT = new Section(".text", 0x1000, 0x1c6000);
    private static final String NTDLL = "ntdll";
    private static final String KERNEL32 = "KERNEL32";
    private static final String KERNELBASE = "KERNELBASE";

    /** An EXE's code depends only on its name, entry point and size: one table per such image. */
    private record ExeKey(String baseName, long entryPointRva, long size) {
    }

    private static final Map<ExeKey, Optional<ImageCode>> EXES = new ConcurrentHashMap<>();
    /** The system DLLs' image file names, as a symbol store keys PDBs. */
    public static final List<String> SYSTEM_DLLS = List.of("ntdll.dll", "kernel32.dll", "kernelbase.dll");

    private UserCode() {
    }

    public static ImageCode ntdll() {
        return Built.NTDLL;
    }

    public static ImageCode kernel32() {
        return Built.KERNEL32;
    }

    public static ImageCode kernelBase() {
        return Built.KERNELBASE;
    }

    /** The system DLLs' code by image file name, as a symbol store keys PDBs. */
    public static Map<String, ImageCode> systemDlls() {
        return Map.of(SYSTEM_DLLS.get(0), Built.NTDLL, SYSTEM_DLLS.get(1), Built.KERNEL32, SYSTEM_DLLS.get(2), Built.KERNELBASE);
    }

    /** The last stubs, where the 19045 capture and the stubs between put them; the others follow FIRST_STUB by number. */
    private static final Map<String, Long> LATE_STUBS = Map.of("NtSystemDebugControl", 0xa0800L,
            "NtWaitForAlertByThreadId", 0xa0aa0L, "NtWaitForWorkViaWorkerFactory", 0xa0ac0L);

    /**
     * The DLLs' code, laid out when first asked for: a session opened from a snapshot names the DLLs
     * in its symbol store at once but needs their code only when a command looks a symbol up.
     */
    private static final class Built {
        static final ImageCode NTDLL = buildNtdll();
        static final ImageCode KERNEL32 = buildKernel32();
        static final ImageCode KERNELBASE = buildKernelBase();
    }

    private static ImageCode buildNtdll() {
        ImageCode.Builder ntdll = ImageCode.builder(NTDLL, 0x1a3000)
                .data("LdrpHashTable", 0x16c140)
                .data("PebLdr", 0x16c4c0)
                .data("RtlpProcessHeapsListBuffer", 0x16cd40)
                .pointer(ImageCode.USER_DISPATCH_POINTER, 0x11d2d0, NTDLL, "LdrpDispatchUserCallTarget")
                .pointer("Kernel32ThreadInitThunkFunction", 0x16d1f8, KERNEL32, "BaseThreadInitThunk");
        for (SystemServices.Service service : SystemServices.known().values()) {
            long rva = LATE_STUBS.getOrDefault(service.name(), FIRST_STUB + 0x20L * service.number());
            ntdll.systemCall(service.name(), rva, service.number()).label("Zw" + service.name().substring(2), rva);
        }
        // thread start, the thread pool, and the waits the 19045 stacks show
        ntdll.function("RtlUserThreadStart", 0x52680, 0x60, new Alloc(0x78))
                .callsPointer(0x21).uses("Kernel32ThreadInitThunkFunction")     // KERNEL32!BaseThreadInitThunk
                .function("TppWorkerThread", 0x52b20, 0x6a0, ALL_EIGHT, 0x1a8)
                .callsPointer(0x2f7).invokes("TppWorkpExecuteCallback", "NtWaitForWorkViaWorkerFactory")
                .function("RtlSleepConditionVariableSRW", 0x3e4c0, 0x1b0, FIVE, 0x60)
                .calls(0x131, "NtWaitForAlertByThreadId")
                .routine("TppWorkpExecuteCallback", NTDLL_TEXT, 0x5c0, ALL_EIGHT, 0x98).callsPointer(0x1d4)
                .routine("TpAllocWork", NTDLL_TEXT, 0x1a0, FIVE, 0x40).invokes("RtlAllocateHeap")
                .routine("TpPostWork", NTDLL_TEXT, 0x100, THREE, 0x30).invokes("NtSetInformationThread")
                .routine("TpReleaseWork", NTDLL_TEXT, 0x120, THREE, 0x30).invokes("RtlFreeHeap");
        // the loader
        ntdll.routine("LdrInitializeThunk", NTDLL_TEXT, 0x60, ONE, 0x20).invokes("LdrpInitialize", "NtContinue")
                .routine("LdrpInitialize", NTDLL_TEXT, 0x1c0, FIVE, 0x70).invokes("LdrpInitializeProcess")
                .uses("PebLdr")
                .routine("LdrpInitializeProcess", NTDLL_TEXT, 0x400, ALL_EIGHT, 0x5a8)
                .invokes("RtlCreateHeap", "LdrpLoadDll", "LdrpCallInitRoutine").uses("PebLdr", "LdrpHashTable",
                        "RtlpProcessHeapsListBuffer")
                .routine("LdrLoadDll", NTDLL_TEXT, 0x200, FIVE, 0x98).invokes("LdrpLoadDll")
                .routine("LdrpLoadDll", NTDLL_TEXT, 0x300, ALL_EIGHT, 0x88).invokes("LdrpMapDllNtFileName",
                        "LdrpCallInitRoutine").uses("LdrpHashTable")
                .routine("LdrpMapDllNtFileName", NTDLL_TEXT, 0x520, ALL_EIGHT, 0xc8).invokes("NtOpenFile",
                        "NtCreateSection", "NtMapViewOfSection", "NtClose")
                .routine("LdrpCallInitRoutine", NTDLL_TEXT, 0x100, FIVE, 0x40).callsPointer(0x5c)
                .routine("LdrGetProcedureAddress", NTDLL_TEXT, 0x30, NONE, 0x38).invokes("LdrGetProcedureAddressForCaller")
                .routine("LdrGetProcedureAddressForCaller", NTDLL_TEXT, 0x400, ALL_EIGHT, 0x78)
                .routine("LdrGetDllHandle", NTDLL_TEXT, 0x30, NONE, 0x38).invokes("LdrGetDllHandleEx")
                .routine("LdrGetDllHandleEx", NTDLL_TEXT, 0x300, ALL_EIGHT, 0x68).uses("LdrpHashTable")
                .leaf("LdrpDispatchUserCallTarget", NTDLL_TEXT, 0x70)
                .instruction("LdrpDispatchUserCallTarget", 0, 0xff, 0xe0)   // jmp rax (the bitmap check passed)
                .leaf("LdrpValidateUserCallTarget", NTDLL_TEXT, 0x50);
        // exception dispatch and the kernel's callbacks into user mode
        ntdll.routine("KiUserExceptionDispatcher", NTDLL_TEXT, 0x60, NONE, 0x4f0)
                .invokes("RtlDispatchException", "NtContinue")
                .routine("KiUserApcDispatcher", NTDLL_TEXT, 0x80, NONE, 0x4d0).callsPointer(0x35)
                .routine("KiUserCallbackDispatcher", NTDLL_TEXT, 0x60, NONE, 0x28).callsPointer(0x23)
                .routine("KiRaiseUserExceptionDispatcher", NTDLL_TEXT, 0x60, NONE, 0x28).invokes("RtlRaiseStatus")
                .routine("RtlDispatchException", NTDLL_TEXT, 0x5c0, ALL_EIGHT, 0x5a8).invokes(
                        "RtlLookupFunctionEntry", "RtlVirtualUnwind")
                .routine("RtlLookupFunctionEntry", NTDLL_TEXT, 0x200, FIVE, 0x40).uses("PebLdr")
                .routine("RtlVirtualUnwind", NTDLL_TEXT, 0x400, ALL_EIGHT, 0xd8)
                .routine("RtlRaiseException", NTDLL_TEXT, 0x140, ONE, 0x4f0).invokes("RtlDispatchException")
                .routine("RtlRaiseStatus", NTDLL_TEXT, 0xa0, ONE, 0x4f0).invokes("RtlRaiseException");
        // the heap, critical sections and the rest of the run-time library
        ntdll.routine("RtlAllocateHeap", NTDLL_TEXT, 0x300, ALL_EIGHT, 0x58).invokes("RtlpAllocateHeapInternal")
                .routine("RtlpAllocateHeapInternal", NTDLL_TEXT, 0x400, ALL_EIGHT, 0x98)
                .routine("RtlFreeHeap", NTDLL_TEXT, 0x100, THREE, 0x30).invokes("RtlpFreeHeapInternal")
                .routine("RtlpFreeHeapInternal", NTDLL_TEXT, 0x400, ALL_EIGHT, 0x88)
                .routine("RtlCreateHeap", NTDLL_TEXT, 0x400, ALL_EIGHT, 0x1c8).invokes("NtAllocateVirtualMemory")
                .uses("RtlpProcessHeapsListBuffer")
                .routine("RtlDestroyHeap", NTDLL_TEXT, 0x3c0, FIVE, 0x50).invokes("NtFreeVirtualMemory")
                .routine("RtlCreateProcessParameters", NTDLL_TEXT, 0x60, NONE, 0x68).invokes("RtlCreateProcessParametersEx")
                .routine("RtlCreateProcessParametersEx", NTDLL_TEXT, 0x600, ALL_EIGHT, 0x98).invokes("RtlAllocateHeap")
                .routine("RtlEnterCriticalSection", NTDLL_TEXT, 0x80, ONE, 0x20)
                .invokes("RtlpEnterCriticalSectionContended")
                .routine("RtlpEnterCriticalSectionContended", NTDLL_TEXT, 0x200, FIVE, 0x40)
                .invokes("RtlpWaitOnCriticalSection")
                .routine("RtlpWaitOnCriticalSection", NTDLL_TEXT, 0x300, FIVE, 0x50).invokes("NtWaitForAlertByThreadId")
                .leaf("RtlLeaveCriticalSection", NTDLL_TEXT, 0x60)
                .leaf("RtlInitUnicodeString", NTDLL_TEXT, 0x40)
                .leaf("RtlGetCurrentPeb", NTDLL_TEXT, 0x10)
                .leaf("RtlNtStatusToDosError", NTDLL_TEXT, 0x40)
                .routine("RtlExitUserThread", NTDLL_TEXT, 0x60, ONE, 0x20).invokes("NtTerminateThread")
                .routine("RtlExitUserProcess", NTDLL_TEXT, 0x100, TWO, 0x30).invokes("NtTerminateProcess")
                .routine("EtwEventWrite", NTDLL_TEXT, 0x60, NONE, 0x48).invokes("EtwpEventWriteFull")
                .routine("EtwpEventWriteFull", NTDLL_TEXT, 0x600, ALL_EIGHT, 0x1c8).invokes("NtTraceEvent")
                .routine("CsrClientCallServer", NTDLL_TEXT, 0x200, FIVE, 0x40).invokes("NtRequestWaitReplyPort")
                .leaf("DbgBreakPoint", NTDLL_TEXT, 0x10)
                .instruction("DbgBreakPoint", 0, 0xcc, 0xc3)                 // int 3; ret
                .routine("DbgUiRemoteBreakin", NTDLL_TEXT, 0x60, NONE, 0x28).invokes("DbgBreakPoint", "RtlExitUserThread")
                .routine("DbgPrint", NTDLL_TEXT, 0x60, NONE, 0x38).invokes("vDbgPrintExWithPrefixInternal")
                .routine("vDbgPrintExWithPrefixInternal", NTDLL_TEXT, 0x300, ALL_EIGHT, 0x268).invokes("RtlRaiseException");
        return ntdll.build();
    }

    /** KERNEL32: the thread thunk, a few routines of its own, and forwarders to KERNELBASE. */
    private static ImageCode buildKernel32() {
        ImageCode.Builder kernel32 = ImageCode.builder(KERNEL32, 0xa7000)
                .importTable(0x80000)
                .pointer(ImageCode.USER_DISPATCH_POINTER, 0x84f80, NTDLL, "LdrpDispatchUserCallTarget");
        kernel32.function("BaseThreadInitThunk", 0x17600, 0x60, ONE, 0x20)
                .callsPointer(0x14)                                  // the thread's start address
                .invokesImports(NTDLL, "RtlExitUserThread")
                .routine("CreateThread", KERNEL32_TEXT, 0x60, NONE, 0x48)
                .invokesImports(KERNELBASE, "CreateRemoteThreadEx")
                .routine("ExitProcessImplementation", KERNEL32_TEXT, 0x40, NONE, 0x28)
                .invokesImports(NTDLL, "RtlExitUserProcess");
        for (String name : List.of("CreateProcessW", "CreateProcessA", "CreateFileW", "ReadFile", "WriteFile",
                "CloseHandle", "DeviceIoControl", "WaitForSingleObject", "WaitForSingleObjectEx", "WaitForMultipleObjects",
                "WaitForMultipleObjectsEx", "Sleep", "SleepEx", "GetLastError", "VirtualAlloc", "VirtualFree",
                "VirtualProtect", "OpenProcess", "TerminateProcess", "TerminateThread", "ResumeThread", "CreateEventW",
                "SetEvent", "ResetEvent", "GetModuleHandleW", "LoadLibraryW", "LoadLibraryExW", "GetProcAddress",
                "GetCurrentProcessId", "GetCurrentThreadId", "GetCommandLineW", "OutputDebugStringW",
                "IsDebuggerPresent", "DuplicateHandle", "ReadProcessMemory", "WriteProcessMemory",
                "GetQueuedCompletionStatus", "GetExitCodeProcess", "QueryFullProcessImageNameW")) {
            kernel32.forwarder(name, KERNEL32_TEXT, KERNELBASE);
        }
        return kernel32.build();
    }

    /** KERNELBASE: the Win32 functions over ntdll's stubs, the waits of the 19045 stacks among them. */
    private static ImageCode buildKernelBase() {
        ImageCode.Builder base = ImageCode.builder(KERNELBASE, 0x282000)
                .importTable(0x1c8000)
                .pointer(ImageCode.USER_DISPATCH_POINTER, 0x1cc000, NTDLL, "LdrpDispatchUserCallTarget");
        base.function("WaitForSingleObjectEx", 0x2f2b0, 0x110, FIVE, 0x60)
                .callsImport(0x8e, NTDLL, "NtWaitForSingleObject")
                .function("WaitForMultipleObjectsEx", 0x2f4e0, 0x2a0, ALL_EIGHT, 0x228)
                .callsImport(0xf0, NTDLL, "NtWaitForMultipleObjects")
                .function("SleepEx", 0x30130, 0x150, THREE, 0x50)
                .callsImport(0x9e, NTDLL, "NtDelayExecution")
                .function("GetQueuedCompletionStatus", 0x36d30, 0xd0, TWO, 0x48)
                .callsImport(0x4f, NTDLL, "NtRemoveIoCompletion")
                .function("SleepConditionVariableSRW", 0x5f7c0, 0x90, ONE, 0x30)
                .callsImport(0x2f, NTDLL, "RtlSleepConditionVariableSRW")
                .routine("ConsoleCallServerGeneric", KERNELBASE_TEXT, 0x180, FIVE, 0x70)
                .callsImport(0xe9, NTDLL, "NtDeviceIoControlFile");
        base.routine("WaitForSingleObject", KERNELBASE_TEXT, 0x20, NONE, 0x28).invokes("WaitForSingleObjectEx")
                .routine("WaitForMultipleObjects", KERNELBASE_TEXT, 0x30, NONE, 0x38).invokes("WaitForMultipleObjectsEx")
                .routine("Sleep", KERNELBASE_TEXT, 0x20, NONE, 0x28).invokes("SleepEx")
                .routine("CreateProcessW", KERNELBASE_TEXT, 0x90, NONE, 0x68).invokes("CreateProcessInternalW")
                .routine("CreateProcessA", KERNELBASE_TEXT, 0x90, NONE, 0x68).invokes("CreateProcessInternalA")
                .routine("CreateProcessInternalA", KERNELBASE_TEXT, 0x3c0, ALL_EIGHT, 0x98).invokes("CreateProcessInternalW")
                .routine("CreateProcessInternalW", KERNELBASE_TEXT, 0x400, ALL_EIGHT, 0xa48)
                .invokesImports(NTDLL, "RtlCreateProcessParametersEx", "NtCreateUserProcess", "CsrClientCallServer",
                        "NtResumeThread", "NtClose")
                .routine("CreateRemoteThreadEx", KERNELBASE_TEXT, 0x600, ALL_EIGHT, 0x1b8)
                .invokesImports(NTDLL, "NtCreateThreadEx")
                .routine("CreateFileW", KERNELBASE_TEXT, 0x90, NONE, 0x68).invokes("CreateFileInternal")
                .routine("CreateFileInternal", KERNELBASE_TEXT, 0x400, ALL_EIGHT, 0x1b8)
                .invokesImports(NTDLL, "NtCreateFile", "RtlInitUnicodeString")
                .routine("ReadFile", KERNELBASE_TEXT, 0x160, FIVE, 0x60).invokesImports(NTDLL, "NtReadFile")
                .routine("WriteFile", KERNELBASE_TEXT, 0x180, FIVE, 0x60).invokesImports(NTDLL, "NtWriteFile")
                .routine("CloseHandle", KERNELBASE_TEXT, 0x90, ONE, 0x20).invokesImports(NTDLL, "NtClose")
                .routine("DeviceIoControl", KERNELBASE_TEXT, 0x1c0, FIVE, 0x70).invokesImports(NTDLL,
                        "NtDeviceIoControlFile", "NtFsControlFile")
                .routine("VirtualAlloc", KERNELBASE_TEXT, 0x70, NONE, 0x48).invokesImports(NTDLL, "NtAllocateVirtualMemory")
                .routine("VirtualFree", KERNELBASE_TEXT, 0xa0, ONE, 0x30).invokesImports(NTDLL, "NtFreeVirtualMemory")
                .routine("VirtualProtect", KERNELBASE_TEXT, 0x70, NONE, 0x48).invokesImports(NTDLL, "NtProtectVirtualMemory")
                .routine("OpenProcess", KERNELBASE_TEXT, 0xa0, NONE, 0x68).invokesImports(NTDLL, "NtOpenProcess")
                .routine("TerminateProcess", KERNELBASE_TEXT, 0x60, NONE, 0x28).invokesImports(NTDLL, "NtTerminateProcess")
                .routine("TerminateThread", KERNELBASE_TEXT, 0x60, NONE, 0x28).invokesImports(NTDLL, "NtTerminateThread")
                .routine("ResumeThread", KERNELBASE_TEXT, 0x40, NONE, 0x38).invokesImports(NTDLL, "NtResumeThread")
                .routine("CreateEventW", KERNELBASE_TEXT, 0x60, NONE, 0x38).invokes("CreateEventExW")
                .routine("CreateEventExW", KERNELBASE_TEXT, 0x160, THREE, 0x70).invokesImports(NTDLL, "NtCreateEvent")
                .routine("SetEvent", KERNELBASE_TEXT, 0x30, NONE, 0x28).invokesImports(NTDLL, "NtSetEvent")
                .routine("ResetEvent", KERNELBASE_TEXT, 0x30, NONE, 0x28).invokesImports(NTDLL, "NtClearEvent")
                .routine("GetModuleHandleW", KERNELBASE_TEXT, 0x60, NONE, 0x38).invokesImports(NTDLL, "LdrGetDllHandle")
                .routine("LoadLibraryW", KERNELBASE_TEXT, 0x20, NONE, 0x28).invokes("LoadLibraryExW")
                .routine("LoadLibraryExW", KERNELBASE_TEXT, 0x2a0, ALL_EIGHT, 0x78).invokesImports(NTDLL, "LdrLoadDll")
                .routine("GetProcAddress", KERNELBASE_TEXT, 0x20, NONE, 0x28).invokes("GetProcAddressForCaller")
                .routine("GetProcAddressForCaller", KERNELBASE_TEXT, 0x140, THREE, 0x50)
                .invokesImports(NTDLL, "LdrGetProcedureAddressForCaller")
                .routine("OutputDebugStringW", KERNELBASE_TEXT, 0x120, THREE, 0x60).invokes("OutputDebugStringA")
                .routine("OutputDebugStringA", KERNELBASE_TEXT, 0x200, FIVE, 0x80).invokes("RaiseException")
                .routine("RaiseException", KERNELBASE_TEXT, 0x100, ONE, 0xd8).invokesImports(NTDLL, "RtlRaiseException")
                .routine("DuplicateHandle", KERNELBASE_TEXT, 0xe0, NONE, 0x58).invokesImports(NTDLL, "NtDuplicateObject")
                .routine("ReadProcessMemory", KERNELBASE_TEXT, 0x80, NONE, 0x48).invokesImports(NTDLL, "NtReadVirtualMemory")
                .routine("WriteProcessMemory", KERNELBASE_TEXT, 0x1a0, FIVE, 0x60)
                .invokesImports(NTDLL, "NtWriteVirtualMemory", "NtProtectVirtualMemory")
                .routine("GetExitCodeProcess", KERNELBASE_TEXT, 0x80, NONE, 0x58)
                .invokesImports(NTDLL, "NtQueryInformationProcess")
                .routine("QueryFullProcessImageNameW", KERNELBASE_TEXT, 0x1c0, FIVE, 0x60)
                .invokesImports(NTDLL, "NtQueryInformationProcess")
                .leaf("GetLastError", KERNELBASE_TEXT, 0x10)
                .leaf("GetCurrentProcessId", KERNELBASE_TEXT, 0x10)
                .leaf("GetCurrentThreadId", KERNELBASE_TEXT, 0x10)
                .leaf("GetCommandLineW", KERNELBASE_TEXT, 0x10)
                .leaf("IsDebuggerPresent", KERNELBASE_TEXT, 0x20);
        return base.build();
    }

    /**
     * An EXE's code: the CRT entry at the image's entry point, __scrt_common_main_seh after it, then
     * main (wmain or wWinMain) and a thread routine; .pdata in the page after them, the import slots
     * from its offset 0x400 (the version resource may share the page's last 0x800 bytes). Empty when
     * the image is too small to hold them.
     */
    public static Optional<ImageCode> exe(UserImage image) {
        return EXES.computeIfAbsent(new ExeKey(image.baseName(), image.entryPointRva(), image.size()),
                key -> Optional.ofNullable(buildExe(key)));
    }

    private static ImageCode buildExe(ExeKey image) {
        long entry = image.entryPointRva();
        long pdata = (entry + 0x6a0 + 0xfff) & -0x1000L;
        if (entry < 0x1000 || pdata + 0x1000 > image.size()) {
            return null;
        }
        String file = image.baseName().toLowerCase(Locale.ROOT);
        boolean console = CONSOLE.contains(file);
        boolean nativeImage = NATIVE.contains(file);
        String main = console ? "wmain" : "wWinMain";
        ImageCode.Builder exe = ImageCode.builder(moduleName(image.baseName()), pdata)
                .importTable(pdata + 0x400)
                .pointer(ImageCode.USER_DISPATCH_POINTER, pdata + 0x3f8, NTDLL, "LdrpDispatchUserCallTarget")
                .function(console ? "mainCRTStartup" : "wWinMainCRTStartup", entry, 0x20, new Alloc(0x28))
                .invokes("__scrt_common_main_seh")
                .function("__scrt_common_main_seh", entry + 0x20, 0x180, THREE, 0x30)
                .calls(0x10c, main)
                .function(main, entry + 0x1a0, 0x300, FIVE, 0x80)
                .callsPointer(0x1c7);
        if (nativeImage) {
            exe.invokesImports(NTDLL, "RtlGetCurrentPeb");
        } else {
            exe.invokesImports(KERNEL32, "GetCommandLineW");
        }
        return exe.function("ThreadProc", entry + 0x4a0, 0x200, new Register[] {RBX, RDI}, 0x38)
                .callsPointer(0x5b)
                .build();
    }

    /** The EXE's main: wmain for console programs, wWinMain for the others. */
    public static String mainFunction(ImageCode exe) {
        return exe.hasFunction("wmain") ? "wmain" : "wWinMain";
    }

    /** An image's public symbols as a PDB gives them: names and RVAs, and which of them are functions. */
    public record PublicSymbols(Map<String, Long> rvas, Set<String> functions) {
    }

    /**
     * The system DLLs' and each executable's (that has code) public symbols by image file name, as a
     * symbol store would serve them.
     */
    public static Map<String, PublicSymbols> imageSymbols(List<UserImage> executables) {
        Map<String, PublicSymbols> images = new LinkedHashMap<>();
        for (Map.Entry<String, ImageCode> dll : systemDlls().entrySet()) {
            images.put(dll.getKey(), new PublicSymbols(dll.getValue().symbols(), dll.getValue().functionNames()));
        }
        for (UserImage image : executables) {
            exe(image).ifPresent(exe -> images.put(image.baseName(), new PublicSymbols(exe.symbols(), exe.functionNames())));
        }
        return images;
    }

    /** The module name a debugger derives from an image file name: "KERNEL32.DLL" -> KERNEL32, "cmd.exe" -> cmd. */
    public static String moduleName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }
}
