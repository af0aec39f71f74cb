package dev.kdlab.kernel.image;

import dev.kdlab.kernel.image.Assembler.Condition;
import dev.kdlab.kernel.image.ImageCode.Section;
import dev.kdlab.pe.Register;
import dev.kdlab.pe.UnwindCode;
import dev.kdlab.pe.UnwindCode.Alloc;
import dev.kdlab.pe.UnwindCode.MachineFrame;
import dev.kdlab.pe.UnwindCode.Save;
import dev.kdlab.pe.UnwindCode.SetFrame;

import java.util.List;
import java.util.Map;

import static dev.kdlab.pe.Register.R10;
import static dev.kdlab.pe.Register.R11;
import static dev.kdlab.pe.Register.R12;
import static dev.kdlab.pe.Register.R13;
import static dev.kdlab.pe.Register.R14;
import static dev.kdlab.pe.Register.R15;
import static dev.kdlab.pe.Register.RAX;
import static dev.kdlab.pe.Register.RBP;
import static dev.kdlab.pe.Register.RBX;
import static dev.kdlab.pe.Register.RDI;
import static dev.kdlab.pe.Register.RSI;

/**
 * The functions of the emulated ntoskrnl: the ones threads' stacks pass through, at the RVAs and
 * with the prologs of machine-19045.md 6.4/6.5 (KiSwapThread = nt+0x21c4c0 because
 * KiSwapThread+0x500 = fffff807`1e2349c0 on a kernel at fffff807`1e018000, and so on; frame sizes
 * reproduce the Child-SP steps of the captured stacks: KiSwapContext 0x140, KiSwapThread 0xb0,
 * KiCommitThreadWait 0xa0, KeWaitForSingleObject 0xf0, ...), each with the call its return
 * address follows; and the routines of process and thread creation, the executive, memory,
 * object, security, I/O and debugger support a learner looks up ({@code x nt!Psp*}), placed in
 * .text, PAGE or INIT where their names pick, each calling what it calls in kdlab's creation flow.
 *
 * <p>kdlab's flow follows Windows Internals' stages: NtCreateUserProcess calls PspAllocateProcess
 * (3A-3F) and PspCreateThread (4: PspAllocateThread, PspInsertThread). Windows sets the executive
 * process object up inline in PspAllocateProcess; kdlab gives stage 3A its own routine,
 * {@code PspSetupProcess}, so the flow can stop between 3A and 3B as it can between the others.
 */
public final class NtCode {
    /** Where the exception directory (.pdata) sits in the image. */
    static final long EXCEPTION_DIRECTORY = 0xe3c000;
    /** The KTRAP_FRAME a system call or interrupt from user mode builds under the machine frame. */
    public static final int TRAP_FRAME_SIZE = 0x190;
    /** KiSystemCall64 points rbp 0x80 bytes into the trap frame (set_frame rbp, 128). */
    public static final int TRAP_FRAME_POINTER = 0x80;

    /** ntoskrnl's code sections (19041's section table): nonpaged code, pageable code, boot-time code. */
    static final Section TEXT = new Section(".text", 0x1000, 0x41f000);
    static final Section PAGE = new Section("PAGE", 0x443000, 0xa03000);
    static final Section INIT = new Section("INIT", 0xe9c000, 0xf39000);

    private static final Register[] ALL_EIGHT = {RBX, RBP, RSI, RDI, R12, R13, R14, R15};
    private static final Register[] SIX = {RBX, RBP, RSI, RDI, R14, R15};
    private static final Register[] FIVE = {RBX, RBP, RSI, RDI, R14};
    private static final Register[] THREE = {RBX, RSI, RDI};
    private static final Register[] TWO = {RBX, RSI};
    private static final Register[] ONE = {RBX};
    private static final Register[] NONE = {};
    private static final ImageCode IMAGE = build();

    private NtCode() {
    }

    public static ImageCode image() {
        return IMAGE;
    }

    private static ImageCode build() {
        ImageCode.Builder nt = ImageCode.builder("nt", EXCEPTION_DIRECTORY).kernelMode();
        globals(nt);
        waitPath(nt);
        systemServices(nt);
        trapHandling(nt);
        systemThreads(nt);
        processCreation(nt);
        processSupport(nt);
        debuggerSupport(nt);
        memoryManager(nt);
        objectManager(nt);
        securityReferenceMonitor(nt);
        executive(nt);
        kernelCore(nt);
        ioManager(nt);
        runtime(nt);
        serviceTable(nt);
        objectMethods(nt);
        nt.helpers("ExAcquirePushLockExclusiveEx", "ExReleasePushLockExclusiveEx", "ObfReferenceObject",
                "ObfDereferenceObject", "ExFreePoolWithTag", "KeAcquireSpinLockRaiseToDpc", "KeReleaseSpinLock");
        return nt.build();
    }

    /** The data symbols the code reads: NtSymbols' hand-placed globals and the laid-out variables. */
    private static void globals(ImageCode.Builder nt) {
        nt.data("PsActiveProcessHead", NtSymbols.PS_ACTIVE_PROCESS_HEAD)
                .data("PspCidTable", NtSymbols.PSP_CID_TABLE)
                .data("PsInitialSystemProcess", NtSymbols.PS_INITIAL_SYSTEM_PROCESS)
                .data("PsProcessType", NtSymbols.PS_PROCESS_TYPE)
                .data("PsThreadType", NtSymbols.PS_THREAD_TYPE)
                .data("PspMinimumWorkingSet", NtSymbols.PSP_MINIMUM_WORKING_SET)
                .data("PspMaximumWorkingSet", NtSymbols.PSP_MAXIMUM_WORKING_SET)
                .data("ObHeaderCookie", NtSymbols.OB_HEADER_COOKIE)
                .data("MmPteBase", NtSymbols.MM_PTE_BASE)
                .data("MmPfnDatabase", NtSymbols.MM_PFN_DATABASE)
                .data("ObTypeIndexTable", NtSymbols.OB_TYPE_INDEX_TABLE)
                .data("PsLoadedModuleList", NtSymbols.PS_LOADED_MODULE_LIST)
                .data("KiProcessListHead", NtSymbols.KI_PROCESS_LIST_HEAD)
                .data("SepLogonSessions", NtSymbols.SEP_LOGON_SESSIONS)
                .data("PspDefaultQuotaBlock", NtSymbols.PSP_DEFAULT_QUOTA_BLOCK)
                .data("MmTotalCommittedPages", NtSymbols.MM_TOTAL_COMMITTED_PAGES)
                .data("MmProcessCommit", NtSymbols.MM_PROCESS_COMMIT)
                .data("MmProcessList", NtSymbols.MM_PROCESS_LIST)
                .data("KiProcessorBlock", NtSymbols.KI_PROCESSOR_BLOCK)
                .data("KeNumberProcessors", NtSymbols.KE_NUMBER_PROCESSORS)
                .data("KdDebuggerDataBlock", NtSymbols.KD_DEBUGGER_DATA_BLOCK)
                .data(NtGlobals.rvas());
    }

    /** The wait path every waiting thread is in: KiSwapContext+0x76 <- KiSwapThread+0x500 <- KiCommitThreadWait+0x14f <- ... */
    private static void waitPath(ImageCode.Builder nt) {
        nt.function("KiSwapContext", NtSymbols.KI_SWAP_CONTEXT, 0x1a0, exceptionFrame())
                .calls(0x76, "SwapContext")
                .instruction("KiSwapContext", 0x76, 0x4c, 0x8b, 0xf0);    // mov r14,rax: where a switched-out thread resumes
        nt.routine("SwapContext", TEXT, 0x1c0, new Alloc(0x38)).uses("KiProcessorBlock");
        nt.function("KiSwapThread", 0x21c4c0, 0x6b0, new Register[] {RBX, RSI, RDI, R12, R13, R14, R15}, 0x70)
                .calls(0x500, "KiSwapContext").invokes("KiSearchForNewThread").uses("KiProcessorBlock")
                .function("KiCommitThreadWait", 0x21bda0, 0x3c0, SIX, 0x68)
                .calls(0x14f, "KiSwapThread")
                .function("KeWaitForSingleObject", 0x21b560, 0x5a0, new Register[] {RBX, RBP, RSI, RDI, R12, R13, R14}, 0xb0)
                .calls(0x233, "KiCommitThreadWait")
                .function("KeWaitForMultipleObjects", 0x22f9f0, 0x6a0, ALL_EIGHT, 0xc8)
                .calls(0x2be, "KiCommitThreadWait").calls(0x45b, "KeWaitForSingleObject")
                .function("KeRemoveQueueEx", 0x207b10, 0x4a0, new Register[] {RBX, RBP, RSI, RDI, R12, R13, R14}, 0x60)
                .calls(0x263, "KiCommitThreadWait")
                .function("KeRemovePriQueue", 0x2b3c90, 0x3a0, ALL_EIGHT, 0x68)
                .calls(0x25e, "KiCommitThreadWait")
                .function("KeDelayExecutionThread", 0x2a1d10, 0x330, FIVE, 0x60)
                .calls(0x122, "KiCommitThreadWait")
                .function("KeWaitForAlertByThreadId", 0x2bc3b0, 0x140, THREE, 0x50)
                .calls(0xc4, "KiCommitThreadWait")
                .function("KiSchedulerApc", 0x2d94b0, 0x450, FIVE, 0x40)
                .calls(0x3bd, "KeWaitForSingleObject")
                .function("KiDeliverApc", 0x2a7e10, 0x600, ALL_EIGHT, 0x88)
                .calls(0x2e8, "KiSchedulerApc");
        // Object manager, I/O and ALPC layers under the system services.
        nt.function("ObWaitForSingleObject", 0x6115b0, 0xe0, THREE, 0x40)
                .calls(0x91, "KeWaitForSingleObject").invokes("ObReferenceObjectByHandle")
                .function("ObWaitForMultipleObjects", 0x613870, 0x480, ALL_EIGHT, 0x1b8)
                .calls(0x2f0, "KeWaitForMultipleObjects").invokes("ObReferenceObjectByHandle")
                .function("IoRemoveIoCompletion", 0x207710, 0x2d0, FIVE, 0x100)
                .calls(0x98, "KeRemoveQueueEx")
                .function("AlpcpWaitForSingleObject", 0x5f1c10, 0x80, THREE, 0x30)
                .calls(0x3e, "KeWaitForSingleObject")
                .function("AlpcpReceiveMessagePort", 0x5f1ca0, 0x500, ALL_EIGHT, 0x68)
                .calls(0x3f5, "AlpcpWaitForSingleObject")
                .function("AlpcpReceiveMessage", 0x5f3a50, 0x600, ALL_EIGHT, 0xb8)
                .calls(0x2b3, "AlpcpReceiveMessagePort")
                .function("KdpCopyMemoryChunks", 0x9a1f90, 0x1a0, THREE, 0x50)
                .calls(0x7c, "MmCopyMemory")
                .instruction("KdpCopyMemoryChunks", 0x7c, 0x8b, 0xd8)   // mov ebx,eax: the debugger's own thread reads here
                .function("KdSystemDebugControl", 0x9a2c10, 0x7c0, ALL_EIGHT, 0x1e8)
                .calls(0x2f6, "KdpCopyMemoryChunks").uses("KdDebuggerEnabled", "KdDebuggerNotPresent");
        // The console read of machine-19045.md 6.4: NtDeviceIoControlFile+0x56 <- ... <- KeWaitForSingleObject+0x233.
        nt.routine("IopWaitForSynchronousIoEvent", PAGE, 0x90, TWO, 0x30)
                .calls(0x50, "KeWaitForSingleObject")
                .routine("IopSynchronousServiceTail", PAGE, 0x640, ALL_EIGHT, 0x58)
                .calls(0x50b, "IopWaitForSynchronousIoEvent").invokes("IofCallDriver")
                .routine("IopXxxControlFile", PAGE, 0xe40, ALL_EIGHT, 0x158)
                .calls(0xc71, "IopSynchronousServiceTail").invokes("ObReferenceObjectByHandle", "IoAllocateIrp")
                .uses("IoFileObjectType");
    }

    /** System services (Nt*), entered from KiSystemCall64. */
    private static void systemServices(ImageCode.Builder nt) {
        nt.function("NtWaitForSingleObject", 0x611530, 0x80, ONE, 0x30)
                .calls(0x6a, "ObWaitForSingleObject")
                .function("NtWaitForMultipleObjects", 0x613660, 0x200, THREE, 0x60)
                .calls(0x119, "ObWaitForMultipleObjects")
                .function("NtWaitForWorkViaWorkerFactory", 0x206490, 0xe80, ALL_EIGHT, 0x1e8)
                .calls(0xdc8, "IoRemoveIoCompletion").invokes("ObReferenceObjectByHandle")
                .function("NtRemoveIoCompletion", 0x5c3a10, 0x210, THREE, 0x70)
                .calls(0x13d, "IoRemoveIoCompletion").invokes("ObReferenceObjectByHandle")
                .function("NtDelayExecution", 0x6b0f30, 0xa0, ONE, 0x30)
                .calls(0x5f, "KeDelayExecutionThread")
                .function("NtAlpcSendWaitReceivePort", 0x5f5e20, 0x300, ALL_EIGHT, 0x108)
                .calls(0x20a, "AlpcpReceiveMessage").invokes("AlpcpSendMessage")
                .function("NtWaitForAlertByThreadId", 0x6a0d40, 0x50, ONE, 0x20)
                .calls(0x1d, "KeWaitForAlertByThreadId")
                .function("NtSystemDebugControl", 0x9a3400, 0x80, ONE, 0x40)
                .calls(0x2d, "KdSystemDebugControl");
        nt.routine("NtDeviceIoControlFile", PAGE, 0x80, NONE, 0x68).calls(0x56, "IopXxxControlFile")
                .routine("NtFsControlFile", PAGE, 0x80, NONE, 0x68).invokes("IopXxxControlFile")
                .routine("NtCreateFile", PAGE, 0xa0, NONE, 0x88).invokes("IopCreateFile")
                .routine("NtOpenFile", PAGE, 0x90, NONE, 0x88).invokes("IopCreateFile")
                .routine("NtReadFile", PAGE, 0x400, ALL_EIGHT, 0xe8).invokes("ObReferenceObjectByHandle",
                        "IoAllocateIrp", "IopSynchronousServiceTail").uses("IoFileObjectType")
                .routine("NtWriteFile", PAGE, 0x400, ALL_EIGHT, 0xe8).invokes("ObReferenceObjectByHandle",
                        "IoAllocateIrp", "IopSynchronousServiceTail").uses("IoFileObjectType")
                .routine("NtQueryInformationFile", PAGE, 0x600, ALL_EIGHT, 0xd8).invokes("ObReferenceObjectByHandle")
                .routine("NtClose", PAGE, 0x60, TWO, 0x20).invokes("ObpCloseHandle")
                .routine("NtDuplicateObject", PAGE, 0x1c0, FIVE, 0x60).invokes("ObDuplicateObject")
                .routine("NtQueryObject", PAGE, 0x600, ALL_EIGHT, 0x98).invokes("ObReferenceObjectByHandle",
                        "ObQueryNameString")
                .routine("NtOpenProcess", PAGE, 0xa0, ONE, 0x50).invokes("PsOpenProcess")
                .routine("NtOpenThread", PAGE, 0xa0, ONE, 0x50).invokes("PsOpenThread")
                .routine("NtTerminateProcess", PAGE, 0x280, FIVE, 0x40).invokes("ObReferenceObjectByHandle",
                        "PspTerminateProcess").uses("PsProcessType")
                .routine("NtTerminateThread", PAGE, 0x160, THREE, 0x40).invokes("ObReferenceObjectByHandle",
                        "PspTerminateThreadByPointer").uses("PsThreadType")
                .routine("NtSuspendProcess", PAGE, 0xc0, ONE, 0x30).invokes("ObReferenceObjectByHandle", "PsSuspendProcess")
                .routine("NtResumeThread", PAGE, 0x100, TWO, 0x30).invokes("ObReferenceObjectByHandle", "KeResumeThread")
                .routine("NtQueryInformationProcess", PAGE, 0x400, ALL_EIGHT, 0x2b8).invokes(
                        "ObReferenceObjectByHandle", "PsGetProcessPeb", "ObfDereferenceObject").uses("PsProcessType")
                .routine("NtSetInformationProcess", PAGE, 0x400, ALL_EIGHT, 0x298).invokes("ObReferenceObjectByHandle")
                .routine("NtQueryInformationThread", PAGE, 0x400, ALL_EIGHT, 0x1d8).invokes("ObReferenceObjectByHandle")
                .routine("NtQuerySystemInformation", PAGE, 0x60, ONE, 0x30).invokes("ExpQuerySystemInformation")
                .routine("NtAllocateVirtualMemory", PAGE, 0x160, FIVE, 0x70).invokes("MiAllocateVirtualMemory")
                .routine("NtFreeVirtualMemory", PAGE, 0x3c0, ALL_EIGHT, 0x68).invokes("MiFreeVirtualMemory")
                .routine("NtProtectVirtualMemory", PAGE, 0x2a0, ALL_EIGHT, 0x78).invokes("MiProtectVirtualMemory")
                .routine("NtQueryVirtualMemory", PAGE, 0x100, TWO, 0x58).invokes("MiQueryAddressState")
                .routine("NtReadVirtualMemory", PAGE, 0x60, NONE, 0x48).invokes("MiReadWriteVirtualMemory")
                .routine("NtWriteVirtualMemory", PAGE, 0x60, NONE, 0x48).invokes("MiReadWriteVirtualMemory")
                .routine("MiReadWriteVirtualMemory", PAGE, 0x1e0, ALL_EIGHT, 0x58).invokes(
                        "ObReferenceObjectByHandle", "MmCopyVirtualMemory").uses("PsProcessType")
                .routine("NtCreateSection", PAGE, 0x180, FIVE, 0x80).invokes("MmCreateSection")
                .routine("NtMapViewOfSection", PAGE, 0x320, ALL_EIGHT, 0xa8).invokes("ObReferenceObjectByHandle",
                        "MmMapViewOfSection").uses("MmSectionObjectType")
                .routine("NtUnmapViewOfSection", PAGE, 0x60, NONE, 0x28).invokes("MiUnmapViewOfSection")
                .routine("NtOpenProcessTokenEx", PAGE, 0x1a0, FIVE, 0x50).invokes("ObReferenceObjectByHandle",
                        "PsReferencePrimaryToken", "ObOpenObjectByPointer")
                .routine("NtOpenProcessToken", PAGE, 0x30, NONE, 0x28).invokes("NtOpenProcessTokenEx")
                .routine("NtQueryInformationToken", PAGE, 0x400, ALL_EIGHT, 0xd8).invokes("ObReferenceObjectByHandle",
                        "SeQueryInformationToken").uses("SeTokenObjectType")
                .routine("NtAdjustPrivilegesToken", PAGE, 0x5c0, ALL_EIGHT, 0xb8).invokes("ObReferenceObjectByHandle")
                .routine("NtOpenKey", PAGE, 0x40, NONE, 0x38).invokes("CmOpenKey")
                .routine("NtQueryValueKey", PAGE, 0x3e0, ALL_EIGHT, 0x98).invokes("ObReferenceObjectByHandle",
                        "CmQueryValueKey").uses("CmKeyObjectType")
                .routine("NtAlpcConnectPort", PAGE, 0x80, NONE, 0x68).invokes("AlpcpConnectPort")
                .routine("NtAlpcCreatePort", PAGE, 0x1a0, FIVE, 0x50).invokes("AlpcpCreateConnectionPort")
                .routine("NtAlpcAcceptConnectPort", PAGE, 0x600, ALL_EIGHT, 0x118).invokes("AlpcpAcceptConnectPort");
        nt.routine("ExpQuerySystemInformation", PAGE, 0x400, ALL_EIGHT, 0x2e0).invokes("PsGetNextProcess",
                        "ObfDereferenceObject").uses("PsActiveProcessHead", "KeNumberProcessors")
                .routine("MiAllocateVirtualMemory", PAGE, 0x400, ALL_EIGHT, 0x168).invokes("MiInsertVad",
                        "MiChargeCommitment").uses("MmPteBase")
                .routine("MiFreeVirtualMemory", PAGE, 0x400, ALL_EIGHT, 0xe8).uses("MmPteBase")
                .routine("MiProtectVirtualMemory", PAGE, 0x400, ALL_EIGHT, 0xd8).uses("MmPteBase")
                .routine("MiQueryAddressState", PAGE, 0x400, ALL_EIGHT, 0xa8).uses("MmPteBase")
                .routine("MiUnmapViewOfSection", PAGE, 0x5c0, ALL_EIGHT, 0x88).uses("MmPteBase")
                .routine("AlpcpSendMessage", PAGE, 0x600, ALL_EIGHT, 0xc8).invokes("AlpcpProcessSynchronousRequest")
                .routine("AlpcpProcessSynchronousRequest", PAGE, 0x400, ALL_EIGHT, 0xe8).invokes(
                        "AlpcpCompleteDispatchMessage", "AlpcpSignalAndWait")
                .routine("AlpcpCompleteDispatchMessage", PAGE, 0x600, ALL_EIGHT, 0xa8)
                .routine("AlpcpSignalAndWait", PAGE, 0x2c0, FIVE, 0x60).invokes("KeWaitForSingleObject")
                .routine("AlpcpConnectPort", PAGE, 0x400, ALL_EIGHT, 0x1c8).invokes("AlpcpSendMessage")
                    .uses("AlpcPortObjectType")
                .routine("AlpcpCreateConnectionPort", PAGE, 0x300, FIVE, 0x70).invokes("ObCreateObjectEx",
                        "ObInsertObjectEx").uses("AlpcPortObjectType")
                .routine("AlpcpAcceptConnectPort", PAGE, 0x600, ALL_EIGHT, 0xb8)
                .routine("CmOpenKey", PAGE, 0x400, ALL_EIGHT, 0x1f8).invokes("ObOpenObjectByNameEx")
                .routine("CmQueryValueKey", PAGE, 0x600, ALL_EIGHT, 0xa8)
                .routine("CmRegisterCallbackEx", PAGE, 0x2c0, FIVE, 0x50).invokes("ExAllocatePoolWithTag");
    }

    /** Trap handling: KiSystemCall64 builds the KTRAP_FRAME; its labels are what stacks show. */
    private static void trapHandling(ImageCode.Builder nt) {
        int copyEnd = 0x390;
        nt.function("KiSystemCall64", 0x40f140, 0x5c0, trapFrame())
                .label("KiSystemServiceStart", 0x40f140 + 0x2b0)
                .label("KiSystemServiceRepeat", 0x40f140 + 0x2c4)
                .label("KiSystemServiceCopyStart", 0x40f140 + 0x370)
                .label("KiSystemServiceCopyEnd", 0x40f140 + copyEnd)
                .label("KiSystemServiceExit", 0x40f140 + 0x4b0)
                .callsRegister(copyEnd + 0x25, RAX)             // call rax: the service routine
                .calls(0x4b0 + 0x9f, "KiInitiateUserApc")
                // KiSystemServiceRepeat picks the service table; KiSystemServiceCopyEnd checks the trace masks first.
                .code("KiSystemServiceRepeat", 0, a -> a.leaGlobal(R10, NtGlobals.rva("KeServiceDescriptorTable"))
                        .leaGlobal(R11, NtGlobals.rva("KeServiceDescriptorTableShadow")))
                .code("KiSystemServiceCopyEnd", 0, a -> a.testGlobal(NtGlobals.rva("KiDynamicTraceMask"), 1)
                        .jump(Condition.NE, 0x4b0)
                        .testGlobal(NtGlobals.rva("PerfGlobalGroupMask") + 8, 0x40)
                        .jump(Condition.NE, 0x4b0)
                        .move(RAX, R10, true))
                .instruction("KiSystemServiceCopyEnd", 0x25, 0x0f, 0x1f, 0x00,                 // nop dword ptr [rax]
                        0x65, 0xff, 0x04, 0x25, 0x38, 0x22, 0x00, 0x00);                     // inc dword ptr gs:[2238h]
        nt.function("KiSystemCall64Shadow", NtSymbols.KI_SYSTEM_CALL64_SHADOW, 0x240, trapFrame())
                .uses("KiKvaShadow")
                .function("KiInitiateUserApc", 0x40b8e0, 0x150, exceptionFrame())
                .calls(0x70, "KiDeliverApc")
                .function("KiStartUserThreadReturn", 0x3fe8e0, 0x60, trapFrame())
                .function("KiStartUserThread", 0x3fe890, 0x50, new Alloc(0x28))
                .invokes("PspUserThreadStartup")
                .function("KiStartSystemThread", 0x3fe6e0, 0x40, new Alloc(0x28))
                .calls(0x28, "PspSystemThreadStartup")
                .function("KiSystemStartup", NtSymbols.KI_SYSTEM_STARTUP, 0x2f0, new Alloc(0x38))
                .invokes("KiInitializeKernel")
                .function("KeBugCheckEx", NtSymbols.KE_BUG_CHECK_EX, 0x130, new Alloc(0x38))
                .invokes("KeBugCheck2");
        nt.routine("KiPageFault", TEXT, 0x440, trapFrame()).invokes("MmAccessFault")
                .routine("KiBreakpointTrap", TEXT, 0x2c0, trapFrame()).invokes("KiExceptionDispatch")
                .routine("KiDebugTrapOrFault", TEXT, 0x480, trapFrame()).invokes("KiExceptionDispatch")
                .routine("KiGeneralProtectionFault", TEXT, 0x2c0, trapFrame()).invokes("KiExceptionDispatch")
                .routine("KiExceptionDispatch", TEXT, 0x180, exceptionFrame()).invokes("KiDispatchException")
                .routine("KiDispatchException", TEXT, 0x400, ALL_EIGHT, 0x598).invokes("RtlDispatchException",
                        "KdpTrap")
                .routine("KiApcInterrupt", TEXT, 0x2c0, trapFrame()).invokes("KiDeliverApc")
                .routine("KiDpcInterrupt", TEXT, 0x140, trapFrame()).invokes("KiDispatchInterrupt")
                .routine("KiIpiInterrupt", TEXT, 0x140, trapFrame()).invokes("KiIpiProcessRequests")
                .routine("KiInterruptDispatch", TEXT, 0x240, trapFrame()).callsPointer(0x120);
    }

    /** Thread start routines, the idle loop and the system threads' own loops. */
    private static void systemThreads(ImageCode.Builder nt) {
        nt.function("PspSystemThreadStartup", NtSymbols.PSP_SYSTEM_THREAD_STARTUP, 0x60, TWO, 0x28)
                .callsPointer(0x55)                                 // the thread's StartRoutine
                .function("ExpWorkerThread", NtSymbols.EXP_WORKER_THREAD, 0x2a0, ALL_EIGHT, 0x58)
                .calls(0x105, "KeRemovePriQueue")
                .function("KiIdleLoop", 0x400500, 0x1f0, new Alloc(0x38))
                .calls(0x9e, "PoIdle").calls(0x14b, "KiSwapContext").uses("KiProcessorBlock")
                .function("PoIdle", 0x2e1c20, 0x3c0, ALL_EIGHT, 0x98)
                .calls(0x33a, "PpmIdleExecuteTransition")
                .instruction("PoIdle", 0x33a, 0x85, 0xc0);              // test eax,eax: where idle processors run
        nt.routine("PpmIdleExecuteTransition", TEXT, 0x600, ALL_EIGHT, 0x78);
        for (SystemRoutine routine : SystemRoutine.values()) {
            nt.function(routine.symbol(), routine.rva(), 0x400, FIVE, 0x70)
                    .calls(routine.returnOffset(), routine.waitFunction());
            if (routine != SystemRoutine.MI_ZERO_PAGE_THREAD) {
                nt.calls(routine.returnOffset() + SystemRoutine.DELAY_SITE_DISTANCE, SystemRoutine.DELAY_FUNCTION);
            }
        }
        nt.routine("PsCreateSystemThread", PAGE, 0x80, NONE, 0x68).invokes("PsCreateSystemThreadEx")
                .routine("PsCreateSystemThreadEx", PAGE, 0x1a0, FIVE, 0xa0).invokes("PspCreateThread")
                .uses("PsInitialSystemProcess")
                .routine("PsTerminateSystemThread", PAGE, 0x40, NONE, 0x28).invokes("PspTerminateThreadByPointer")
                .routine("ExQueueWorkItem", TEXT, 0x60, NONE, 0x28).invokes("ExQueueWorkItemToPartition")
                .routine("ExQueueWorkItemToPartition", TEXT, 0x180, FIVE, 0x30).invokes("KeInsertPriQueue")
                .routine("KeInsertPriQueue", TEXT, 0x3a0, ALL_EIGHT, 0x58).invokes("KiExitDispatcher");
    }

    /** Process and thread creation (Windows Internals ch. 3, stages 3A-3F and 4), as kdlab's ps component runs it. */
    private static void processCreation(ImageCode.Builder nt) {
        nt.routine("NtCreateUserProcess", PAGE, 0x400, ALL_EIGHT, 0x718)
                .invokes("PspBuildCreateProcessContext", "PspAllocateProcess", "PspCreateThread",
                        "ObfDereferenceObject")
                .uses("PsProcessType", "PsThreadType")
                .routine("PspBuildCreateProcessContext", PAGE, 0x600, ALL_EIGHT, 0x98)
                .routine("PspAllocateProcess", PAGE, 0x400, ALL_EIGHT, 0x208)
                .invokes("PspSetupProcess", "MmCreateProcessAddressSpace", "KeInitializeProcess",
                        "MmInitializeProcessAddressSpace", "MmCreatePeb", "PspInsertProcess")
                .uses("PsProcessType", "PspMinimumWorkingSet")
                // 3A: kdlab's name for the part of PspAllocateProcess that sets up the executive process object
                .routine("PspSetupProcess", PAGE, 0x600, ALL_EIGHT, 0xb8)
                .invokes("ObCreateObjectEx", "PspInitializeProcessSecurity", "PspInheritQuota",
                        "SeInitializeProcessAuditName", "ObInitProcess")
                .uses("PspMinimumWorkingSet", "PspMaximumWorkingSet", "PsProcessType")
                .routine("PspInitializeProcessSecurity", PAGE, 0x380, FIVE, 0x60)
                .invokes("SeSubProcessToken", "SeAssignPrimaryToken")
                .routine("PspInheritQuota", PAGE, 0x120, THREE, 0x30).uses("PspDefaultQuotaBlock")
                .routine("MmCreateProcessAddressSpace", PAGE, 0x600, ALL_EIGHT, 0x88)
                .invokes("MiChargeCommitment").uses("MmPteBase", "MmPfnDatabase", "MmProcessCommit")
                .routine("KeInitializeProcess", TEXT, 0x2c0, FIVE, 0x40)
                .uses("KiProcessListHead", "KeNumberProcessors")
                .routine("MmInitializeProcessAddressSpace", PAGE, 0x600, ALL_EIGHT, 0xc8)
                .invokes("MmMapViewOfSection", "MiInsertVad").uses("MmPteBase", "MmSectionObjectType")
                .routine("MmCreatePeb", PAGE, 0x4c0, ALL_EIGHT, 0x98)
                .invokes("MiCreatePebOrTeb", "MmMapViewOfSection")
                .routine("MiCreatePebOrTeb", PAGE, 0x2e0, FIVE, 0x60).invokes("MiInsertVad").uses("MmPteBase")
                .routine("PspInsertProcess", PAGE, 0x600, ALL_EIGHT, 0x88)
                .invokes("ExCreateHandle", "PspAddProcessToJob", "ObInsertObjectEx")
                .uses("PspCidTable", "PsActiveProcessHead", "PspActiveProcessLock")
                .routine("PspAddProcessToJob", PAGE, 0x2a0, FIVE, 0x40).uses("PsJobType")
                .routine("PspCreateThread", PAGE, 0x3c0, ALL_EIGHT, 0x78)
                .invokes("PspAllocateThread", "PspInsertThread").uses("PsThreadType")
                .routine("PspAllocateThread", PAGE, 0x400, ALL_EIGHT, 0x148)
                .invokes("ObCreateObjectEx", "KeInitThread").uses("PsThreadType")
                .routine("KeInitThread", TEXT, 0x3e0, ALL_EIGHT, 0x58)
                .invokes("MmCreateKernelStack", "KiInitializeContextThread")
                .routine("KiInitializeContextThread", TEXT, 0x2a0, FIVE, 0x50)
                .routine("PspInsertThread", PAGE, 0x400, ALL_EIGHT, 0x98)
                .invokes("ExCreateHandle", "MmCreateTeb", "PspCallProcessNotifyRoutines",
                        "PspCallThreadNotifyRoutines", "KeStartThread")
                .uses("PspCidTable")
                .routine("MmCreateTeb", PAGE, 0x360, ALL_EIGHT, 0x68).invokes("MiCreatePebOrTeb")
                .routine("KeStartThread", TEXT, 0x2e0, FIVE, 0x50).uses("KiProcessorBlock")
                .routine("PspUserThreadStartup", PAGE, 0x3a0, FIVE, 0x70).invokes("DbgkCreateThread")
                .routine("NtCreateProcessEx", PAGE, 0xc0, NONE, 0x58).invokes("PspCreateProcess")
                .routine("NtCreateProcess", PAGE, 0x60, NONE, 0x48).invokes("NtCreateProcessEx")
                .routine("PspCreateProcess", PAGE, 0x3a0, ALL_EIGHT, 0x98)
                .invokes("PspAllocateProcess", "ObfDereferenceObject")
                .routine("NtCreateThreadEx", PAGE, 0x3e0, ALL_EIGHT, 0xa8).invokes("PspCreateThread")
                .routine("NtCreateThread", PAGE, 0x300, ALL_EIGHT, 0x98).invokes("PspCreateThread");
    }

    /** The rest of the process manager: lookups, notify routines, exit and delete. */
    private static void processSupport(ImageCode.Builder nt) {
        nt.leaf("PsGetCurrentProcessId", TEXT, 0x20).leaf("PsGetCurrentThreadId", TEXT, 0x20)
                .leaf("PsGetProcessId", TEXT, 0x10).leaf("PsGetProcessPeb", TEXT, 0x10)
                .leaf("PsGetProcessImageFileName", TEXT, 0x10).leaf("PsGetProcessSessionId", TEXT, 0x20)
                .leaf("PsIsSystemThread", TEXT, 0x10).leaf("IoGetCurrentProcess", TEXT, 0x20)
                .routine("PsLookupProcessByProcessId", PAGE, 0xc0, TWO, 0x30)
                .invokes("ExpLookupHandleTableEntry", "ObfReferenceObject").uses("PspCidTable")
                .routine("PsLookupThreadByThreadId", PAGE, 0xc0, TWO, 0x30)
                .invokes("ExpLookupHandleTableEntry", "ObfReferenceObject").uses("PspCidTable")
                .routine("PsGetNextProcess", PAGE, 0x140, THREE, 0x30).invokes("ObfReferenceObject")
                .uses("PsActiveProcessHead", "PspActiveProcessLock")
                .routine("PsOpenProcess", PAGE, 0x4a0, ALL_EIGHT, 0xd8).invokes("PsLookupProcessByProcessId",
                        "ObOpenObjectByPointer").uses("PsProcessType")
                .routine("PsOpenThread", PAGE, 0x460, ALL_EIGHT, 0xd8).invokes("PsLookupThreadByThreadId",
                        "ObOpenObjectByPointer").uses("PsThreadType")
                .routine("PsReferencePrimaryToken", TEXT, 0x80, ONE, 0x20)
                .routine("PsSuspendProcess", PAGE, 0x140, THREE, 0x30).invokes("KeSuspendThread")
                .routine("PsSetCreateProcessNotifyRoutine", PAGE, 0x30, NONE, 0x28).invokes("PspSetCreateProcessNotifyRoutine")
                .routine("PsSetCreateProcessNotifyRoutineEx", PAGE, 0x30, NONE, 0x28).invokes("PspSetCreateProcessNotifyRoutine")
                .routine("PsSetCreateProcessNotifyRoutineEx2", PAGE, 0x30, NONE, 0x28).invokes("PspSetCreateProcessNotifyRoutine")
                .routine("PspSetCreateProcessNotifyRoutine", PAGE, 0x300, FIVE, 0x40)
                .uses("PspCreateProcessNotifyRoutine", "PspCreateProcessNotifyRoutineCount",
                        "PspCreateProcessNotifyRoutineExCount")
                .routine("PsSetCreateThreadNotifyRoutine", PAGE, 0x30, NONE, 0x28).invokes("PspSetCreateThreadNotifyRoutine")
                .routine("PspSetCreateThreadNotifyRoutine", PAGE, 0x1c0, FIVE, 0x40)
                .uses("PspCreateThreadNotifyRoutine", "PspCreateThreadNotifyRoutineCount")
                .routine("PsSetLoadImageNotifyRoutine", PAGE, 0x1c0, FIVE, 0x40)
                .uses("PspLoadImageNotifyRoutine", "PspLoadImageNotifyRoutineCount")
                .routine("PspCallProcessNotifyRoutines", PAGE, 0x3c0, ALL_EIGHT, 0x88)
                .callsPointer(0x1b4).uses("PspCreateProcessNotifyRoutine", "PspNotifyEnableMask")
                .routine("PspCallThreadNotifyRoutines", PAGE, 0x180, FIVE, 0x40)
                .callsPointer(0xd0).uses("PspCreateThreadNotifyRoutine", "PspNotifyEnableMask")
                .routine("PsCallImageNotifyRoutines", PAGE, 0x200, FIVE, 0x50)
                .callsPointer(0x11a).uses("PspLoadImageNotifyRoutine", "PspNotifyEnableMask")
                .routine("PspTerminateProcess", PAGE, 0x1e0, FIVE, 0x40).invokes("PspTerminateAllThreads")
                .routine("PspTerminateAllThreads", PAGE, 0x280, ALL_EIGHT, 0x58).invokes("PspTerminateThreadByPointer")
                .routine("PspTerminateThreadByPointer", PAGE, 0x1a0, THREE, 0x50).invokes("KeInsertQueueApc")
                .routine("PspExitThread", PAGE, 0x400, ALL_EIGHT, 0xb8).invokes("PspExitProcess",
                        "DbgkExitThread", "KeTerminateThread")
                .routine("PspExitProcess", PAGE, 0x2c0, FIVE, 0x50).invokes("DbgkExitProcess",
                        "PspCallProcessNotifyRoutines")
                .routine("PspProcessDelete", PAGE, 0x4a0, ALL_EIGHT, 0x68).invokes("ExDestroyHandle",
                        "MmDeleteProcessAddressSpace").uses("PspCidTable", "PsActiveProcessHead")
                .routine("PspThreadDelete", PAGE, 0x2c0, FIVE, 0x40).invokes("ExDestroyHandle",
                        "MmDeleteKernelStack").uses("PspCidTable")
                .routine("PspInitPhase0", INIT, 0x400, ALL_EIGHT, 0xc8).invokes("ObCreateObjectType",
                        "ExCreateHandleTable").uses("PspCidTable", "PsProcessType", "PsThreadType")
                .routine("PspInitPhase1", INIT, 0x1a0, THREE, 0x40).invokes("PsCreateSystemThread");
    }

    /** Kernel-debugger and user-mode debugging support: the Kd*, Dbg* and Dbgk* routines. */
    private static void debuggerSupport(ImageCode.Builder nt) {
        nt.routine("KdInitSystem", INIT, 0x400, ALL_EIGHT, 0x98).uses("KdDebuggerDataBlock", "KdDebuggerEnabled")
                .routine("KdEnableDebugger", PAGE, 0x20, NONE, 0x28).invokes("KdEnableDebuggerWithLock")
                .routine("KdEnableDebuggerWithLock", PAGE, 0x1c0, THREE, 0x30).uses("KdDebuggerEnabled",
                        "KdPreviouslyEnabled")
                .routine("KdDisableDebugger", PAGE, 0x20, NONE, 0x28).invokes("KdDisableDebuggerWithLock")
                .routine("KdDisableDebuggerWithLock", PAGE, 0x1e0, THREE, 0x30).uses("KdDebuggerEnabled",
                        "KdPitchDebugger")
                .routine("KdChangeOption", PAGE, 0x120, TWO, 0x30).uses("KdIgnoreUmExceptions")
                .routine("KdRefreshDebuggerNotPresent", TEXT, 0xa0, ONE, 0x30).uses("KdDebuggerNotPresent")
                .routine("KdPollBreakIn", TEXT, 0x140, THREE, 0x30).uses("KdDebuggerEnabled")
                .routine("KdpTrap", TEXT, 0x1a0, FIVE, 0x50).invokes("KdpReport").uses("KdDebuggerEnabled")
                .routine("KdpReport", TEXT, 0x300, FIVE, 0x60).invokes("KdpSendWaitContinue")
                .routine("KdpSendWaitContinue", TEXT, 0x400, ALL_EIGHT, 0x4e8).invokes("KdpReadVirtualMemory",
                        "KdpWriteVirtualMemory", "KdpAddBreakpoint", "KdpDeleteBreakpoint")
                .routine("KdpReadVirtualMemory", TEXT, 0xd0, THREE, 0x40).invokes("KdpCopyMemoryChunks")
                .routine("KdpWriteVirtualMemory", TEXT, 0xd0, THREE, 0x40).invokes("KdpCopyMemoryChunks")
                .routine("KdpAddBreakpoint", TEXT, 0x2a0, FIVE, 0x40).uses("KdpBreakpointTable")
                .routine("KdpDeleteBreakpoint", TEXT, 0x100, TWO, 0x30).uses("KdpBreakpointTable")
                .routine("KdpPrintString", TEXT, 0x1a0, FIVE, 0x40).invokes("KdpSendWaitContinue")
                .routine("KdpSymbol", TEXT, 0xe0, THREE, 0x40).invokes("KdpReport")
                .routine("KdpStub", TEXT, 0xd0, ONE, 0x30)
                .routine("KdpSysReadControlSpace", TEXT, 0x140, THREE, 0x30).uses("KiProcessorBlock");
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
        nt.leaf("DbgBreakPoint", TEXT, 0x10)
                .instruction("DbgBreakPoint", 0, 0xcc, 0xc3)                // int 3; ret
                .routine("DbgPrint", TEXT, 0x60, NONE, 0x38).invokes("vDbgPrintExWithPrefixInternal")
                .routine("DbgPrintEx", TEXT, 0x60, NONE, 0x38).invokes("vDbgPrintExWithPrefixInternal")
                .routine("vDbgPrintExWithPrefixInternal", TEXT, 0x2e0, ALL_EIGHT, 0x268)
                .invokes("DbgQueryDebugFilterState", "DebugPrint")
                .routine("DebugPrint", TEXT, 0x40, NONE, 0x28).invokes("DebugService2")
                .leaf("DebugService2", TEXT, 0x10)
                .instruction("DebugService2", 0, 0xcd, 0x2d, 0xcc, 0xc3)   // int 2Dh; int 3; ret
                .routine("DbgPrompt", TEXT, 0xa0, ONE, 0x40).invokes("DebugService2")
                .routine("DbgLoadImageSymbols", TEXT, 0x54, NONE, 0x38).invokes("DebugService2")
                .routine("DbgUnLoadImageSymbols", TEXT, 0x54, NONE, 0x38).invokes("DebugService2")
                .routine("DbgCommandString", TEXT, 0x60, NONE, 0x38).invokes("DebugService2")
                .routine("DbgUnicodeStringToAnsiString", TEXT, 0x90, TWO, 0x30)
                .routine("DbgQueryDebugFilterState", TEXT, 0x80, ONE, 0x20)
                .routine("DbgSetDebugFilterState", PAGE, 0xc0, TWO, 0x20)
                .routine("DbgEnumerateCallback", TEXT, 0x80, ONE, 0x20)
                .routine("DbgkInitialize", INIT, 0x1e0, THREE, 0x80).invokes("ObCreateObjectType")
                .uses("DbgkDebugObjectType")
                .routine("DbgkCreateThread", PAGE, 0x600, ALL_EIGHT, 0x168).invokes("DbgkpSendApiMessage",
                        "PsCallImageNotifyRoutines")
                .routine("DbgkCreateMinimalProcess", PAGE, 0x140, THREE, 0x40).invokes("DbgkpSendApiMessage")
                .routine("DbgkCopyProcessDebugPort", PAGE, 0x120, THREE, 0x30).uses("DbgkpProcessDebugPortMutex")
                .routine("DbgkMapViewOfSection", PAGE, 0x220, FIVE, 0x140).invokes("DbgkpSendApiMessage")
                .routine("DbgkUnMapViewOfSection", PAGE, 0x100, THREE, 0x80).invokes("DbgkpSendApiMessage")
                .routine("DbgkForwardException", PAGE, 0x1e0, FIVE, 0x160).invokes("DbgkpSendApiMessage")
                .routine("DbgkFlushErrorPort", PAGE, 0xa0, ONE, 0x30)
                .routine("DbgkClearProcessDebugObject", PAGE, 0x180, FIVE, 0x40).uses("DbgkpProcessDebugPortMutex")
                .routine("DbgkExitThread", PAGE, 0x100, THREE, 0x80).invokes("DbgkpSendApiMessage")
                .routine("DbgkExitProcess", PAGE, 0x100, THREE, 0x80).invokes("DbgkpSendApiMessage")
                .routine("DbgkpCreateNotificationEvent", PAGE, 0x160, THREE, 0x50)
                .routine("DbgkpSendApiMessage", PAGE, 0x260, FIVE, 0x40).invokes("DbgkpQueueMessage")
                .routine("DbgkpQueueMessage", PAGE, 0x4c0, ALL_EIGHT, 0x78).invokes("KeWaitForSingleObject")
                .uses("DbgkDebugObjectType")
                .routine("DbgkpSetProcessDebugObject", PAGE, 0x540, ALL_EIGHT, 0x68)
                .uses("DbgkpProcessDebugPortMutex")
                .routine("DbgkpPostFakeProcessCreateMessages", PAGE, 0x140, THREE, 0x50)
                .routine("DbgkRegisterErrorPort", PAGE, 0x180, THREE, 0x40).uses("DbgkErrorPortRegistered");
    }

    private static void memoryManager(ImageCode.Builder nt) {
        nt.routine("MmCopyMemory", TEXT, 0x180, FIVE, 0x50).invokes("MmIsAddressValid").uses("MmPteBase")
                .routine("MmAccessFault", TEXT, 0x400, ALL_EIGHT, 0x148).invokes("MiDispatchFault").uses("MmPteBase")
                .routine("MiDispatchFault", TEXT, 0x400, ALL_EIGHT, 0xd8).uses("MmPteBase", "MmPfnDatabase")
                .routine("MmCopyVirtualMemory", PAGE, 0x140, FIVE, 0x60).invokes("MiDoMappedCopy")
                .routine("MiDoMappedCopy", PAGE, 0x560, ALL_EIGHT, 0x128).invokes("KeStackAttachProcess",
                        "KeUnstackDetachProcess", "memcpy")
                .routine("MmGetPhysicalAddress", TEXT, 0x80, ONE, 0x20).uses("MmPteBase")
                .routine("MmIsAddressValid", TEXT, 0x40, NONE, 0x28).uses("MmPteBase")
                .routine("MmMapIoSpaceEx", PAGE, 0x300, ALL_EIGHT, 0x58).uses("MmPteBase")
                .routine("MmUnmapIoSpace", PAGE, 0x140, THREE, 0x30).uses("MmPteBase")
                .routine("MmMapLockedPagesSpecifyCache", TEXT, 0x600, ALL_EIGHT, 0x88)
                .routine("MmProbeAndLockPages", TEXT, 0x400, ALL_EIGHT, 0xc8).uses("MmPteBase", "MmPfnDatabase")
                .routine("MmUnlockPages", TEXT, 0x3c0, ALL_EIGHT, 0x58).uses("MmPfnDatabase")
                .routine("MmGetSystemRoutineAddress", PAGE, 0x140, THREE, 0x40).uses("PsLoadedModuleList")
                .routine("MmLoadSystemImage", PAGE, 0x80, NONE, 0x58).invokes("MmLoadSystemImageEx")
                .routine("MmLoadSystemImageEx", PAGE, 0x400, ALL_EIGHT, 0x1b8).invokes("MiMapViewOfSection",
                        "PsCallImageNotifyRoutines").uses("PsLoadedModuleList", "PsLoadedModuleResource")
                .routine("MmMapViewOfSection", PAGE, 0x1c0, FIVE, 0x80).invokes("MiMapViewOfSection")
                .routine("MiMapViewOfSection", PAGE, 0x400, ALL_EIGHT, 0xe8).invokes("MiInsertVad")
                .routine("MiInsertVad", PAGE, 0x3e0, ALL_EIGHT, 0x58)
                .routine("MmCreateSection", PAGE, 0x2c0, FIVE, 0x90).invokes("ObCreateObjectEx")
                .uses("MmSectionObjectType")
                .routine("MmDeleteProcessAddressSpace", PAGE, 0x4c0, ALL_EIGHT, 0x68).uses("MmProcessList")
                .routine("MmCleanProcessAddressSpace", PAGE, 0x320, FIVE, 0x60)
                .routine("MmCreateKernelStack", TEXT, 0x60, NONE, 0x38).invokes("MiCreateKernelStack")
                .routine("MiCreateKernelStack", TEXT, 0x600, ALL_EIGHT, 0x98).uses("MmPteBase")
                .routine("MmDeleteKernelStack", TEXT, 0x320, FIVE, 0x50).uses("MmPteBase")
                .routine("MiChargeCommitment", TEXT, 0x2a0, FIVE, 0x40).uses("MmTotalCommittedPages")
                .routine("MmAllocateContiguousMemory", PAGE, 0x60, NONE, 0x38)
                .routine("MmSessionCreate", PAGE, 0x580, ALL_EIGHT, 0x88)
                .routine("MmWorkingSetManager", PAGE, 0x480, ALL_EIGHT, 0x98).invokes("MiTrimWorkingSet")
                .uses("MmProcessList")
                .routine("MiTrimWorkingSet", PAGE, 0x600, ALL_EIGHT, 0x78).uses("MmPfnDatabase")
                .routine("MiInitializeLoadedModuleList", INIT, 0x3c0, ALL_EIGHT, 0x58).uses("PsLoadedModuleList")
                .routine("MiInitializePfnDatabase", INIT, 0x400, ALL_EIGHT, 0x98).uses("MmPfnDatabase");
    }

    private static void objectManager(ImageCode.Builder nt) {
        nt.routine("ObCreateObjectEx", PAGE, 0x5c0, ALL_EIGHT, 0x88).invokes("ObpAllocateObject")
                .routine("ObpAllocateObject", PAGE, 0x520, ALL_EIGHT, 0x68).invokes("ExAllocatePoolWithTag")
                .uses("ObHeaderCookie", "ObTypeIndexTable")
                .routine("ObInsertObjectEx", PAGE, 0x600, ALL_EIGHT, 0x118).invokes("ObpCreateHandle")
                .routine("ObpCreateHandle", PAGE, 0x400, ALL_EIGHT, 0x1a8).invokes("ExCreateHandle")
                .uses("ObpKernelHandleTable")
                .routine("ObOpenObjectByPointer", PAGE, 0x260, FIVE, 0x188).invokes("ObpCreateHandle")
                .routine("ObOpenObjectByNameEx", PAGE, 0x400, ALL_EIGHT, 0x118).invokes("ObpLookupObjectName",
                        "ObpCreateHandle")
                .routine("ObpLookupObjectName", PAGE, 0x400, ALL_EIGHT, 0x148).callsPointer(0x2a3)
                .uses("ObpTypeDirectoryObject")
                .routine("ObReferenceObjectByHandle", PAGE, 0x40, NONE, 0x48).invokes("ObReferenceObjectByHandleWithTag")
                .routine("ObReferenceObjectByHandleWithTag", PAGE, 0x580, ALL_EIGHT, 0x78)
                .invokes("ExpLookupHandleTableEntry").uses("ObpKernelHandleTable", "ObHeaderCookie")
                .routine("ObReferenceObjectByPointer", TEXT, 0xa0, ONE, 0x20).uses("ObHeaderCookie")
                .routine("ObfReferenceObject", TEXT, 0x40, NONE, 0x28)
                .routine("ObfDereferenceObject", TEXT, 0xc0, ONE, 0x20).invokes("ObpDeferObjectDeletion")
                .routine("ObpDeferObjectDeletion", TEXT, 0xa0, ONE, 0x20).invokes("ExQueueWorkItem")
                .routine("ObCloseHandle", PAGE, 0x60, NONE, 0x28).invokes("ObpCloseHandle")
                .routine("ObpCloseHandle", PAGE, 0x3a0, ALL_EIGHT, 0x48).invokes("ExDestroyHandle",
                        "ObfDereferenceObject").uses("ObpKernelHandleTable")
                .routine("ObDuplicateObject", PAGE, 0x400, ALL_EIGHT, 0x108).invokes("ObpCreateHandle")
                .routine("ObInitProcess", PAGE, 0x280, FIVE, 0x40).invokes("ExCreateHandleTable")
                .routine("ObQueryNameString", PAGE, 0x600, ALL_EIGHT, 0x68)
                .routine("ObCreateObjectType", PAGE, 0x600, ALL_EIGHT, 0xa8).invokes("ObCreateObjectEx")
                .uses("ObTypeIndexTable")
                .routine("ObInitSystem", INIT, 0x400, ALL_EIGHT, 0xb8).invokes("ObCreateObjectType",
                        "ExCreateHandleTable").uses("ObpKernelHandleTable", "ObpTypeDirectoryObject");
    }

    private static void securityReferenceMonitor(ImageCode.Builder nt) {
        nt.routine("SeAccessCheck", PAGE, 0x1a0, FIVE, 0x70).invokes("SepAccessCheck")
                .routine("SepAccessCheck", PAGE, 0x400, ALL_EIGHT, 0x1c8)
                .routine("SeCreateAccessState", PAGE, 0x60, NONE, 0x38).invokes("SeCreateAccessStateEx")
                .routine("SeCreateAccessStateEx", PAGE, 0x240, FIVE, 0x40)
                .routine("SePrivilegeCheck", PAGE, 0xe0, THREE, 0x30).uses("SeExports")
                .routine("SeSinglePrivilegeCheck", PAGE, 0x120, THREE, 0x60).invokes("SePrivilegeCheck")
                .routine("SeQueryInformationToken", PAGE, 0x400, ALL_EIGHT, 0x68).uses("SeTokenObjectType")
                .routine("SeTokenIsAdmin", PAGE, 0x40, NONE, 0x28).uses("SeAliasAdminsSid")
                .routine("SeLocateProcessImageName", PAGE, 0x2c0, FIVE, 0x40)
                .routine("SeMakeSystemToken", INIT, 0x400, ALL_EIGHT, 0x168).invokes("SepCreateToken")
                .uses("SeLocalSystemSid", "SeSystemDefaultDacl")
                .routine("SeSubProcessToken", PAGE, 0x300, FIVE, 0x80).invokes("SepDuplicateToken")
                .routine("SepDuplicateToken", PAGE, 0x400, ALL_EIGHT, 0xf8).invokes("ObCreateObjectEx")
                .uses("SeTokenObjectType", "SepLogonSessions")
                .routine("SepCreateToken", PAGE, 0x400, ALL_EIGHT, 0x148).invokes("ObCreateObjectEx")
                .uses("SeTokenObjectType", "SepLogonSessions")
                .routine("SeAssignPrimaryToken", PAGE, 0x140, THREE, 0x30).uses("SepTokenLeakTracking")
                .routine("SeInitializeProcessAuditName", PAGE, 0x1c0, FIVE, 0x40)
                .invokes("ObQueryNameString", "ExAllocatePoolWithTag");
    }

    private static void executive(ImageCode.Builder nt) {
        nt.routine("ExAllocatePoolWithTag", TEXT, 0x80, NONE, 0x38).invokes("ExAllocateHeapPool")
                .routine("ExAllocatePool2", TEXT, 0xe0, THREE, 0x30).invokes("ExAllocateHeapPool")
                .routine("ExAllocateHeapPool", TEXT, 0x400, ALL_EIGHT, 0x88)
                .routine("ExFreePoolWithTag", TEXT, 0x40, NONE, 0x28).invokes("ExFreeHeapPool")
                .routine("ExFreePool", TEXT, 0x20, NONE, 0x28).invokes("ExFreePoolWithTag")
                .routine("ExFreeHeapPool", TEXT, 0x400, ALL_EIGHT, 0x78)
                .routine("ExAcquirePushLockExclusiveEx", TEXT, 0x140, TWO, 0x30)
                .routine("ExReleasePushLockExclusiveEx", TEXT, 0xe0, TWO, 0x30)
                .routine("ExAcquirePushLockSharedEx", TEXT, 0x120, TWO, 0x30)
                .routine("ExReleasePushLockSharedEx", TEXT, 0xe0, TWO, 0x30)
                .routine("ExAcquireResourceExclusiveLite", TEXT, 0x2c0, FIVE, 0x40)
                .routine("ExAcquireResourceSharedLite", TEXT, 0x380, FIVE, 0x40)
                .routine("ExReleaseResourceLite", TEXT, 0x80, NONE, 0x28).invokes("ExReleaseResourceForThreadLite")
                .routine("ExReleaseResourceForThreadLite", TEXT, 0x3a0, FIVE, 0x40)
                .routine("ExInitializeResourceLite", TEXT, 0xa0, ONE, 0x20)
                .routine("ExCreateHandleTable", PAGE, 0x160, THREE, 0x30).invokes("ExAllocatePoolWithTag")
                .uses("HandleTableListHead")
                .routine("ExCreateHandle", PAGE, 0x100, THREE, 0x30).invokes("ExpAllocateHandleTableEntry")
                .routine("ExpAllocateHandleTableEntry", PAGE, 0x240, FIVE, 0x40)
                .routine("ExDestroyHandle", PAGE, 0x160, THREE, 0x30).invokes("ExpLookupHandleTableEntry")
                .routine("ExMapHandleToPointer", PAGE, 0x80, ONE, 0x20).invokes("ExpLookupHandleTableEntry")
                .leaf("ExpLookupHandleTableEntry", TEXT, 0x60)
                .routine("ExRaiseStatus", TEXT, 0xa0, ONE, 0x4f0).invokes("RtlCaptureContext")
                .leaf("ExGetPreviousMode", TEXT, 0x20)
                .routine("ExpInitializeExecutive", INIT, 0x400, ALL_EIGHT, 0xd8).invokes("ObInitSystem",
                        "SeMakeSystemToken", "PspInitPhase0")
                .uses("ExpTimeZoneBias", "NtGlobalFlag");
    }

    /** The kernel core's other exports and the dispatcher's internals. */
    private static void kernelCore(ImageCode.Builder nt) {
        nt.routine("KiInitializeKernel", INIT, 0x400, ALL_EIGHT, 0xd8).invokes("ExpInitializeExecutive")
                .uses("KiProcessorBlock", "KeNumberProcessors", "KeFeatureBits")
                .routine("KeBugCheck2", TEXT, 0x400, ALL_EIGHT, 0x178).invokes("KdPollBreakIn")
                .routine("KiSearchForNewThread", TEXT, 0x480, ALL_EIGHT, 0x48).uses("KiProcessorBlock")
                .routine("KiSelectNextThread", TEXT, 0x2a0, FIVE, 0x40)
                .routine("KiReadyThread", TEXT, 0x160, THREE, 0x30).invokes("KiDeferredReadyThread")
                .routine("KiDeferredReadyThread", TEXT, 0x400, ALL_EIGHT, 0x48).uses("KiProcessorBlock")
                .routine("KiExitDispatcher", TEXT, 0x3a0, ALL_EIGHT, 0x40).invokes("KiSwapThread")
                .routine("KiDispatchInterrupt", TEXT, 0x2c0, FIVE, 0x40).invokes("KiRetireDpcList")
                .routine("KiRetireDpcList", TEXT, 0x400, ALL_EIGHT, 0x108).invokes("KiExecuteAllDpcs",
                        "KiTimerExpiration")
                .routine("KiExecuteAllDpcs", TEXT, 0x600, ALL_EIGHT, 0xa8).callsPointer(0x31b)
                .routine("KiTimerExpiration", TEXT, 0x400, ALL_EIGHT, 0x98).invokes("KiProcessExpiredTimerList")
                .routine("KiProcessExpiredTimerList", TEXT, 0x600, ALL_EIGHT, 0x78).invokes("KiReadyThread")
                .routine("KiIpiProcessRequests", TEXT, 0x3c0, ALL_EIGHT, 0x48)
                .routine("KiInsertQueueApc", TEXT, 0x3e0, ALL_EIGHT, 0x48)
                .routine("KiAttachProcess", TEXT, 0x3a0, ALL_EIGHT, 0x58).uses("KiProcessorBlock")
                .routine("KeInitializeEvent", TEXT, 0x20, NONE, 0x28)
                .routine("KeSetEvent", TEXT, 0x2c0, ALL_EIGHT, 0x48).invokes("KiExitDispatcher")
                .routine("KeResetEvent", TEXT, 0x80, ONE, 0x20)
                .routine("KeReleaseMutex", TEXT, 0x40, NONE, 0x28).invokes("KeReleaseMutant")
                .routine("KeReleaseMutant", TEXT, 0x300, ALL_EIGHT, 0x48).invokes("KiExitDispatcher")
                .routine("KeInitializeApc", TEXT, 0xa0, ONE, 0x20)
                .routine("KeInsertQueueApc", TEXT, 0x140, FIVE, 0x40).invokes("KiInsertQueueApc")
                .routine("KeStackAttachProcess", TEXT, 0x160, THREE, 0x30).invokes("KiAttachProcess")
                .routine("KeUnstackDetachProcess", TEXT, 0x200, FIVE, 0x40)
                .leaf("KeQuerySystemTimePrecise", TEXT, 0x40)
                .leaf("KeQueryInterruptTimePrecise", TEXT, 0x60)
                .leaf("KeAcquireSpinLockRaiseToDpc", TEXT, 0x40)
                .leaf("KeReleaseSpinLock", TEXT, 0x30)
                .routine("KeAcquireInStackQueuedSpinLock", TEXT, 0x80, ONE, 0x20)
                .routine("KeReleaseInStackQueuedSpinLock", TEXT, 0x80, ONE, 0x20)
                .routine("KeSetPriorityThread", TEXT, 0x1a0, FIVE, 0x40).invokes("KiExitDispatcher")
                .routine("KeSetBasePriorityThread", TEXT, 0x1e0, FIVE, 0x40)
                .routine("KeSuspendThread", TEXT, 0x180, FIVE, 0x40).invokes("KeInsertQueueApc")
                .routine("KeResumeThread", TEXT, 0x140, THREE, 0x30).invokes("KeSetEvent")
                .routine("KeTerminateThread", TEXT, 0x4c0, ALL_EIGHT, 0x58).invokes("KiSwapThread")
                .routine("KeInitializeTimerEx", TEXT, 0x60, NONE, 0x28)
                .routine("KeSetTimerEx", TEXT, 0x3e0, ALL_EIGHT, 0x58)
                .routine("KeCancelTimer", TEXT, 0x180, FIVE, 0x40)
                .routine("KeInitializeDpc", TEXT, 0x30, NONE, 0x28)
                .routine("KeInsertQueueDpc", TEXT, 0x4a0, ALL_EIGHT, 0x48).uses("KiProcessorBlock")
                .routine("KeIpiGenericCall", TEXT, 0x2a0, FIVE, 0x40).uses("KeNumberProcessors")
                .routine("KeUpdateSystemTime", TEXT, 0x400, ALL_EIGHT, 0x68).invokes("KeUpdateRunTime")
                .routine("KeUpdateRunTime", TEXT, 0x4c0, ALL_EIGHT, 0x58)
                .routine("KeInitializeQueue", TEXT, 0x80, ONE, 0x20)
                .routine("KeInsertQueue", TEXT, 0x60, NONE, 0x38).invokes("KiInsertQueue")
                .routine("KiInsertQueue", TEXT, 0x3e0, ALL_EIGHT, 0x48).invokes("KiExitDispatcher")
                .routine("KeInitializeSemaphore", TEXT, 0x40, NONE, 0x28)
                .routine("KeReleaseSemaphore", TEXT, 0x240, FIVE, 0x40).invokes("KiExitDispatcher")
                .leaf(ImageCode.KERNEL_DISPATCH, TEXT, 0x10)
                .instruction(ImageCode.KERNEL_DISPATCH, 0, 0xff, 0xe0);    // jmp rax: CFG's dispatch, checks off
    }

    private static void ioManager(ImageCode.Builder nt) {
        nt.routine("IoCreateFile", PAGE, 0x80, NONE, 0x98).invokes("IopCreateFile")
                .routine("IopCreateFile", PAGE, 0x400, ALL_EIGHT, 0x1d8).invokes("ObOpenObjectByNameEx")
                .uses("IoFileObjectType")
                .routine("IopParseDevice", PAGE, 0x400, ALL_EIGHT, 0x3a8).invokes("IofCallDriver")
                .uses("IoDeviceObjectType")
                .routine("IoCreateDevice", PAGE, 0x540, ALL_EIGHT, 0x98).invokes("ObCreateObjectEx",
                        "ObInsertObjectEx").uses("IoDeviceObjectType")
                .routine("IofCallDriver", TEXT, 0xa0, ONE, 0x30).callsPointer(0x5f)
                .routine("IofCompleteRequest", TEXT, 0x40, NONE, 0x28).invokes("IopfCompleteRequest")
                .routine("IopfCompleteRequest", TEXT, 0x400, ALL_EIGHT, 0x88)
                .routine("IoAllocateIrp", TEXT, 0x60, NONE, 0x38).invokes("IopAllocateIrpPrivate")
                .routine("IopAllocateIrpPrivate", TEXT, 0x380, ALL_EIGHT, 0x48).invokes("ExAllocatePoolWithTag")
                .routine("IoFreeIrp", TEXT, 0x140, THREE, 0x30).invokes("ExFreePoolWithTag")
                .routine("IoGetRelatedDeviceObject", TEXT, 0x60, NONE, 0x28)
                .routine("IopLoadDriver", PAGE, 0x400, ALL_EIGHT, 0x1c8).invokes("MmLoadSystemImage")
                .uses("IoDriverObjectType");
    }

    /**
     * nt!KiServiceTable and nt!KiArgumentTable in .text, and a routine for every service the table
     * names that no section above gave code (NtAccessCheck, NtReplyPort ...), plus
     * {@link SystemServices#UNKNOWN_SERVICE} for the numbers kdlab has no name for.
     */
    private static void serviceTable(ImageCode.Builder nt) {
        nt.table("KiServiceTable", SystemServices.KI_SERVICE_TABLE, SystemServices.TABLES_SIZE)
                .data("KiArgumentTable", SystemServices.KI_ARGUMENT_TABLE);
        for (String service : SystemServices.known().keySet()) {
            if (!nt.defines(service)) {
                nt.routine(service, PAGE, 0x80 + 0x10 * Math.floorMod(service.hashCode(), 0x30), FIVE, 0x40);
            }
        }
        nt.routine(SystemServices.UNKNOWN_SERVICE, PAGE, 0x30, NONE, 0x28);
    }

    /**
     * Code for {@link NtRoutines}' block (object type methods, nt!IopInvalidDeviceRequest, the
     * built-in drivers' entries), each routine filling the stretch up to the next: a small frame,
     * and for IopInvalidDeviceRequest the completion of the IRP it refuses. A name the sections above
     * already gave code keeps that code.
     */
    private static void objectMethods(ImageCode.Builder nt) {
        List<Map.Entry<String, Long>> routines = List.copyOf(NtRoutines.all().entrySet());
        for (int i = 0; i < routines.size(); i++) {
            String name = routines.get(i).getKey();
            long rva = routines.get(i).getValue();
            int size = i + 1 < routines.size() ? (int) (routines.get(i + 1).getValue() - rva) : 0x40;
            if (!nt.defines(name)) {
                nt.function(name, rva, size, ONE, 0x20);
                if (name.equals("IopInvalidDeviceRequest")) {
                    nt.invokes("IofCompleteRequest");   // Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST, then complete it
                }
            }
        }
    }

    /** The run-time library nt carries. */
    private static void runtime(ImageCode.Builder nt) {
        nt.leaf("memcpy", TEXT, 0x340).leaf("memset", TEXT, 0xc0)
                .leaf("RtlInitUnicodeString", TEXT, 0x40)
                .leaf("RtlCaptureContext", TEXT, 0x120)
                .routine("RtlCompareUnicodeString", TEXT, 0x180, FIVE, 0x20)
                .routine("RtlHashUnicodeString", PAGE, 0x1a0, FIVE, 0x30)
                .routine("RtlLookupFunctionEntry", TEXT, 0x2e0, ALL_EIGHT, 0x58).uses("PsLoadedModuleList")
                .routine("RtlVirtualUnwind", TEXT, 0x400, ALL_EIGHT, 0xd8)
                .routine("RtlDispatchException", TEXT, 0x600, ALL_EIGHT, 0x5a8).invokes("RtlLookupFunctionEntry",
                        "RtlVirtualUnwind")
                .routine("RtlRaiseStatus", TEXT, 0xa0, ONE, 0x4f0).invokes("RtlCaptureContext");
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
