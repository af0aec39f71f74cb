package dev.kdlab.kernel.image;


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
 * The code of the user-mode images threads run in: ntdll (system-call stubs, the thread pool,
 * RtlUserThreadStart), KERNEL32 (BaseThreadInitThunk), KERNELBASE (the Win32 wait functions) and,
 * for each EXE, its CRT startup, main and one thread routine around the image's entry point. RVAs
 * fixed by machine-19045.md 6.4/6.5 are used as given (ntdll!TppWorkerThread = +0x52b20,
 * RtlUserThreadStart = +0x52680, KERNEL32!BaseThreadInitThunk = +0x17600; the stubs of
 * NtWaitForSingleObject and NtWaitForWorkViaWorkerFactory at +0x9d0d0 and +0xa0ac0).
 */
public final class UserCode {
    /** Console programs start in mainCRTStartup (cmd!mainCRTStartup, machine-19045.md 6.5); GUI ones in wWinMainCRTStartup. */
    private static final Set<String> CONSOLE = Set.of("cmd.exe", "kd.exe", "conhost.exe", "powershell.exe",
            "services.exe", "lsass.exe", "svchost.exe", "smss.exe", "csrss.exe", "wininit.exe", "spoolsv.exe");
    private static final Register[] ALL_EIGHT = {RBX, RBP, RSI, RDI, R12, R13, R14, R15};
    private static final Register[] FIVE = {RBX, RBP, RSI, RDI, R14};
    /** An EXE's code depends only on its name, entry point and size: one table per such image. */
    private record ExeKey(String baseName, long entryPointRva, long size) {
    }

    private static final Map<ExeKey, Optional<ImageCode>> EXES = new ConcurrentHashMap<>();

    private static final ImageCode NTDLL = buildNtdll();
    private static final ImageCode KERNEL32 = ImageCode.builder("KERNEL32", 0xa7000)
            .function("BaseThreadInitThunk", 0x17600, 0x60, new Register[] {RBX}, 0x20)
            .build();
    private static final ImageCode KERNELBASE = ImageCode.builder("KERNELBASE", 0x282000)
            .function("WaitForSingleObjectEx", 0x2f2b0, 0x110, FIVE, 0x60)
            .function("WaitForMultipleObjectsEx", 0x2f4e0, 0x2a0, ALL_EIGHT, 0x228)
            .function("SleepEx", 0x30130, 0x150, new Register[] {RBX, RSI, RDI}, 0x50)
            .function("GetQueuedCompletionStatus", 0x36d30, 0xd0, new Register[] {RBX, RSI}, 0x48)
            .function("SleepConditionVariableSRW", 0x5f7c0, 0x90, new Register[] {RBX}, 0x30)
            .build();

    private UserCode() {
    }

    public static ImageCode ntdll() {
        return NTDLL;
    }

    public static ImageCode kernel32() {
        return KERNEL32;
    }

    public static ImageCode kernelBase() {
        return KERNELBASE;
    }

    /** The system DLLs' code by image file name, as a symbol store keys PDBs. */
    public static Map<String, ImageCode> systemDlls() {
        return Map.of("ntdll.dll", NTDLL, "kernel32.dll", KERNEL32, "kernelbase.dll", KERNELBASE);
    }

    private static ImageCode buildNtdll() {
        return ImageCode.builder("ntdll", 0x1a3000)
                .function("RtlUserThreadStart", 0x52680, 0x60, new Alloc(0x78))
                .function("TppWorkerThread", 0x52b20, 0x6a0, ALL_EIGHT, 0x1a8)
                .function("RtlSleepConditionVariableSRW", 0x3e4c0, 0x1b0, FIVE, 0x60)
                .systemCall("NtWaitForSingleObject", 0x9d0d0, 0x4)
                .systemCall("NtDeviceIoControlFile", 0x9d130, 0x7)
                .systemCall("NtRemoveIoCompletion", 0x9d170, 0x9)
                .systemCall("NtDelayExecution", 0x9d6d0, 0x34)
                .systemCall("NtWaitForMultipleObjects", 0x9dbb0, 0x5b)
                .systemCall("NtAlpcSendWaitReceivePort", 0x9e090, 0x82)
                .systemCall("NtSystemDebugControl", 0xa0800, 0x1bc)
                .systemCall("NtWaitForAlertByThreadId", 0xa0aa0, 0x1d2)
                .systemCall("NtWaitForWorkViaWorkerFactory", 0xa0ac0, 0x1d3)
                // the loader's entry in a new process and its step for one module (symbols only: no thread stops in them)
                .label("LdrInitializeThunk", 0x4e7c0)
                .label("LdrpLoadDll", 0x2b4e0)
                .build();
    }

    /**
     * An EXE's code: the CRT entry at the image's entry point, __scrt_common_main_seh after it, then
     * main (wmain or wWinMain) and a thread routine; .pdata in the page after them. Empty when the
     * image is too small to hold them.
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
        boolean console = CONSOLE.contains(image.baseName().toLowerCase(Locale.ROOT));
        return ImageCode.builder(moduleName(image.baseName()), pdata)
                .function(console ? "mainCRTStartup" : "wWinMainCRTStartup", entry, 0x20, new Alloc(0x28))
                .function("__scrt_common_main_seh", entry + 0x20, 0x180, new Register[] {RBX, RSI, RDI}, 0x30)
                .function(console ? "wmain" : "wWinMain", entry + 0x1a0, 0x300, FIVE, 0x80)
                .function("ThreadProc", entry + 0x4a0, 0x200, new Register[] {RBX, RDI}, 0x38)
                .build();
    }

    /** The EXE's main: wmain for console programs, wWinMain for the others. */
    public static String mainFunction(ImageCode exe) {
        return exe.hasFunction("wmain") ? "wmain" : "wWinMain";
    }

    /**
     * The system DLLs' and each executable's (that has code) public symbols by image file name, as a
     * symbol store would serve them.
     */
    public static Map<String, Map<String, Long>> imageSymbols(List<UserImage> executables) {
        Map<String, Map<String, Long>> images = new LinkedHashMap<>();
        for (Map.Entry<String, ImageCode> dll : systemDlls().entrySet()) {
            images.put(dll.getKey(), dll.getValue().symbols());
        }
        for (UserImage image : executables) {
            exe(image).ifPresent(exe -> images.put(image.baseName(), exe.symbols()));
        }
        return images;
    }

    /** The module name a debugger derives from an image file name: "KERNEL32.DLL" -> KERNEL32, "cmd.exe" -> cmd. */
    public static String moduleName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }
}
