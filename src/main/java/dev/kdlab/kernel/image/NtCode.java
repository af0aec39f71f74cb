package dev.kdlab.kernel.image;

import dev.kdlab.pe.Register;
import dev.kdlab.pe.UnwindCode;
import dev.kdlab.pe.UnwindCode.Alloc;
import dev.kdlab.pe.UnwindCode.MachineFrame;
import dev.kdlab.pe.UnwindCode.Save;
import dev.kdlab.pe.UnwindCode.SetFrame;

import static dev.kdlab.pe.Register.R12;
import static dev.kdlab.pe.Register.R13;
import static dev.kdlab.pe.Register.R14;
import static dev.kdlab.pe.Register.R15;
import static dev.kdlab.pe.Register.RBP;
import static dev.kdlab.pe.Register.RBX;
import static dev.kdlab.pe.Register.RDI;
import static dev.kdlab.pe.Register.RSI;

/**
 * The functions of the emulated ntoskrnl that threads' stacks pass through, with their RVAs and
 * prologs. RVAs follow the 19045 build of machine-19045.md 6.4/6.5 wherever the captured return
 * addresses fix them (KiSwapThread = nt+0x21c4c0 because KiSwapThread+0x500 = fffff807`1e2349c0 on a
 * kernel at fffff807`1e018000, and so on); the others are placed plausibly in the same sections.
 * Frame sizes reproduce the Child-SP steps of the captured stacks (KiSwapContext 0x140, KiSwapThread
 * 0xb0, KiCommitThreadWait 0xa0, KeWaitForSingleObject 0xf0, ...).
 */
public final class NtCode {
    /** Where the exception directory (.pdata) sits in the image. */
    static final long EXCEPTION_DIRECTORY = 0xe3c000;
    /** The KTRAP_FRAME a system call or interrupt from user mode builds under the machine frame. */
    public static final int TRAP_FRAME_SIZE = 0x190;
    /** KiSystemCall64 points rbp 0x80 bytes into the trap frame (set_frame rbp, 128). */
    public static final int TRAP_FRAME_POINTER = 0x80;

    private static final Register[] ALL_EIGHT = {RBX, RBP, RSI, RDI, R12, R13, R14, R15};
    private static final Register[] FIVE = {RBX, RBP, RSI, RDI, R14};
    private static final Register[] THREE = {RBX, RSI, RDI};
    private static final Register[] ONE = {RBX};
    private static final ImageCode IMAGE = build();

    private NtCode() {
    }

    public static ImageCode image() {
        return IMAGE;
    }

    private static ImageCode build() {
        ImageCode.Builder nt = ImageCode.builder("nt", EXCEPTION_DIRECTORY);
        // The wait path shared by every waiting thread.
        nt.function("KiSwapContext", NtSymbols.KI_SWAP_CONTEXT, 0x1a0, exceptionFrame())
                .function("KiSwapThread", 0x21c4c0, 0x6b0, new Register[] {RBX, RSI, RDI, R12, R13, R14, R15}, 0x70)
                .function("KiCommitThreadWait", 0x21bda0, 0x3c0, new Register[] {RBX, RBP, RSI, RDI, R14, R15}, 0x68)
                .function("KeWaitForSingleObject", 0x21b560, 0x5a0, new Register[] {RBX, RBP, RSI, RDI, R12, R13, R14}, 0xb0)
                .function("KeWaitForMultipleObjects", 0x22f9f0, 0x6a0, ALL_EIGHT, 0xc8)
                .function("KeRemoveQueueEx", 0x207b10, 0x4a0, new Register[] {RBX, RBP, RSI, RDI, R12, R13, R14}, 0x60)
                .function("KeRemovePriQueue", 0x2b3c90, 0x3a0, ALL_EIGHT, 0x68)
                .function("KeDelayExecutionThread", 0x2a1d10, 0x330, FIVE, 0x60)
                .function("KeWaitForAlertByThreadId", 0x2bc3b0, 0x140, THREE, 0x50)
                .function("KiSchedulerApc", 0x2d94b0, 0x450, FIVE, 0x40)
                .function("KiDeliverApc", 0x2a7e10, 0x600, ALL_EIGHT, 0x88);
        // Object manager, I/O and ALPC layers under the system services.
        nt.function("ObWaitForSingleObject", 0x6115b0, 0xe0, THREE, 0x40)
                .function("ObWaitForMultipleObjects", 0x613870, 0x480, ALL_EIGHT, 0x1b8)
                .function("IoRemoveIoCompletion", 0x207710, 0x2d0, FIVE, 0x100)
                .function("AlpcpWaitForSingleObject", 0x5f1c10, 0x80, THREE, 0x30)
                .function("AlpcpReceiveMessagePort", 0x5f1ca0, 0x500, ALL_EIGHT, 0x68)
                .function("AlpcpReceiveMessage", 0x5f3a50, 0x600, ALL_EIGHT, 0xb8)
                .function("KdpCopyMemoryChunks", 0x9a1f90, 0x1a0, THREE, 0x50)
                .function("KdSystemDebugControl", 0x9a2c10, 0x7c0, ALL_EIGHT, 0x1e8);
        // System services (Nt*), entered from KiSystemCall64.
        nt.function("NtWaitForSingleObject", 0x611530, 0x80, ONE, 0x30)
                .function("NtWaitForMultipleObjects", 0x613660, 0x200, THREE, 0x60)
                .function("NtWaitForWorkViaWorkerFactory", 0x206490, 0xe80, ALL_EIGHT, 0x1e8)
                .function("NtRemoveIoCompletion", 0x5c3a10, 0x210, THREE, 0x70)
                .function("NtDelayExecution", 0x6b0f30, 0xa0, ONE, 0x30)
                .function("NtAlpcSendWaitReceivePort", 0x5f5e20, 0x300, ALL_EIGHT, 0x108)
                .function("NtWaitForAlertByThreadId", 0x6a0d40, 0x50, ONE, 0x20)
                .function("NtSystemDebugControl", 0x9a3400, 0x80, ONE, 0x40);
        // Trap handling: KiSystemCall64 builds the KTRAP_FRAME; its labels are what stacks show.
        nt.function("KiSystemCall64", 0x40f140, 0x5c0, trapFrame())
                .label("KiSystemServiceStart", 0x40f3f0)
                .label("KiSystemServiceRepeat", 0x40f404)
                .label("KiSystemServiceCopyStart", 0x40f4b0)
                .label("KiSystemServiceCopyEnd", 0x40f4d0)
                .label("KiSystemServiceExit", 0x40f5f0)
                .function("KiInitiateUserApc", 0x40b8e0, 0x150, exceptionFrame())
                .function("KiStartUserThreadReturn", 0x3fe8e0, 0x60, trapFrame())
                .function("KiStartUserThread", 0x3fe890, 0x50, new Alloc(0x28))
                .function("KiStartSystemThread", 0x3fe6e0, 0x40, new Alloc(0x28))
                .function("KiSystemStartup", NtSymbols.KI_SYSTEM_STARTUP, 0x2f0, new Alloc(0x38))
                .function("KeBugCheckEx", NtSymbols.KE_BUG_CHECK_EX, 0x130, new Alloc(0x38));
        // Thread start routines and the system threads' own loops.
        nt.function("PspSystemThreadStartup", NtSymbols.PSP_SYSTEM_THREAD_STARTUP, 0x60, new Register[] {RBX, RSI}, 0x28)
                .function("ExpWorkerThread", NtSymbols.EXP_WORKER_THREAD, 0x2a0, ALL_EIGHT, 0x58)
                .function("KiIdleLoop", 0x400500, 0x1f0, new Alloc(0x38))
                .function("PoIdle", 0x2e1c20, 0x3c0, ALL_EIGHT, 0x98);
        for (SystemRoutine routine : SystemRoutine.values()) {
            nt.function(routine.symbol(), routine.rva(), 0x400, FIVE, 0x70);
        }
        // What the debugger data block and readers name: the breakpoint of DbgBreakPointWithStatus, the
        // user-mode callout, and the handle capture whose first `sar` gives the handle entry's decode
        // shift (0x10, Volatility's handles plugin disassembles it; dump-readers.md E).
        nt.function("DbgBreakPointWithStatus", 0x3fd0e0, 0x10)
                .label("RtlpBreakWithStatusInstruction", 0x3fd0e0)
                .function("KiCallUserMode", 0x40a800, 0x130, new Alloc(0x138))
                .function("ObpCaptureHandleInformationEx", 0x61a000, 0x200);
        nt.instruction("RtlpBreakWithStatusInstruction", 0, 0xcc, 0xc3)         // int 3; ret
                .instruction("ObpCaptureHandleInformationEx", 0,
                        0x48, 0x8b, 0x01,                                       // mov rax,qword ptr [rcx]
                        0x48, 0xc1, 0xf8, 0x10,                                 // sar rax,10h
                        0x48, 0x83, 0xe0, 0xf0);                                // and rax,0FFFFFFFFFFFFFFF0h
        // Where threads stop, for r to decode: after SwapContext returns, in the idle loop, in the debugger's copy.
        nt.instruction("KiSwapContext", 0x76, 0x4c, 0x8b, 0xf0)          // mov r14,rax
                .instruction("PoIdle", 0x33a, 0x85, 0xc0)                  // test eax,eax
                .instruction("KdpCopyMemoryChunks", 0x7c, 0x8b, 0xd8);    // mov ebx,eax
        return nt.build();
    }

    /** KiSwapContext and friends save every non-volatile register in a KEXCEPTION_FRAME (0x140 with Return). */
    private static UnwindCode[] exceptionFrame() {
        return new UnwindCode[] {new Alloc(0x138), new Save(RBP, 0xf8), new Save(RBX, 0x100), new Save(RDI, 0x108),
                new Save(RSI, 0x110), new Save(R12, 0x118), new Save(R13, 0x120), new Save(R14, 0x128),
                new Save(R15, 0x130)};
    }

    /**
     * The machine frame (with an error-code slot) lands at KTRAP_FRAME+0x160, the rest of the trap
     * frame is allocated below it, rbx/rdi/rsi/rbp go to their KTRAP_FRAME fields, and rbp ends up
     * 0x80 into the frame, which is how an unwinder finds the trap frame again.
     */
    private static UnwindCode[] trapFrame() {
        return new UnwindCode[] {new MachineFrame(true), new Alloc(0x160), new Save(RBP, 0x158), new Save(RBX, 0x140),
                new Save(RDI, 0x148), new Save(RSI, 0x150), new SetFrame(RBP, TRAP_FRAME_POINTER)};
    }
}
