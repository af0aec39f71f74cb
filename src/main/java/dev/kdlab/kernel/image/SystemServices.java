package dev.kdlab.kernel.image;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.memory.LittleEndian;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The system services of the 19041 family: their numbers (what ntdll's stubs load into eax and what
 * indexes nt!KiServiceTable) and how many parameters each takes. The low numbers, 0x00-0x66, have
 * held since Windows 10 1507; NtCreateThreadEx 0xc1 and NtCreateUserProcess 0xc8 are 2004's; the
 * others where kdlab's ntdll has long put them. The number of services, {@link #COUNT}, is an
 * approximation to be checked against a real 19041 ntoskrnl (nt!KiServiceLimit).
 *
 * <p>nt!KiServiceTable holds a 32-bit entry per service: the routine's offset from the table,
 * shifted left 4, or'd with the number of arguments passed on the stack (those past the four in
 * registers), so {@code u nt!KiServiceTable + (dwo(nt!KiServiceTable+4*0x36) >>> 4)} shows
 * nt!NtQuerySystemInformation. nt!KiArgumentTable holds a byte per service: the bytes of those
 * stack arguments. nt!KeServiceDescriptorTable and the first row of
 * nt!KeServiceDescriptorTableShadow are {Base = KiServiceTable, Count = 0, Limit, Number =
 * KiArgumentTable}.
 */
public final class SystemServices {
    /** How many services 19041's table has (kdlab's approximation: 0x1d8). */
    public static final int COUNT = 0x1d8;
    /** Where KiServiceTable sits in .text (a real 19041 kernel has it early in .text, below every service). */
    public static final long KI_SERVICE_TABLE = 0xd5100;
    /**
     * KiArgumentTable follows the table with one DWORD between (transcripts 5.2: Number =
     * KiServiceTable + 0x79c on a kernel whose Limit is 0x1e6).
     */
    public static final long KI_ARGUMENT_TABLE = KI_SERVICE_TABLE + 4L * COUNT + 4;
    /** The table, the slack and the argument bytes, 8-aligned. */
    public static final long TABLES_SIZE = (KI_ARGUMENT_TABLE + COUNT - KI_SERVICE_TABLE + 7) & -8L;
    /**
     * Where the numbers kdlab does not know a name for point: one routine of nt that stands for all of
     * them (Windows has no empty entries below the limit; this stand-in is kdlab's simplification).
     */
    public static final String UNKNOWN_SERVICE = "NtUnimplementedService";

    /** A service: its number and how many parameters it takes. */
    public record Service(String name, int number, int parameters) {
        /** The arguments past the four that travel in rcx, rdx, r8 and r9. */
        public int stackArguments() {
            return Math.max(0, parameters - 4);
        }
    }

    private static final Object[][] SERVICES = {
            {"NtAccessCheck", 0x0, 8}, {"NtWorkerFactoryWorkerReady", 0x1, 1}, {"NtAcceptConnectPort", 0x2, 6},
            {"NtMapUserPhysicalPagesScatter", 0x3, 3}, {"NtWaitForSingleObject", 0x4, 3}, {"NtCallbackReturn", 0x5, 3},
            {"NtReadFile", 0x6, 9}, {"NtDeviceIoControlFile", 0x7, 10}, {"NtWriteFile", 0x8, 9},
            {"NtRemoveIoCompletion", 0x9, 5}, {"NtReleaseSemaphore", 0xa, 3}, {"NtReplyWaitReceivePort", 0xb, 4},
            {"NtReplyPort", 0xc, 2}, {"NtSetInformationThread", 0xd, 4}, {"NtSetEvent", 0xe, 2}, {"NtClose", 0xf, 1},
            {"NtQueryObject", 0x10, 5}, {"NtQueryInformationFile", 0x11, 5}, {"NtOpenKey", 0x12, 3},
            {"NtEnumerateValueKey", 0x13, 6}, {"NtFindAtom", 0x14, 3}, {"NtQueryDefaultLocale", 0x15, 2},
            {"NtQueryKey", 0x16, 5}, {"NtQueryValueKey", 0x17, 6}, {"NtAllocateVirtualMemory", 0x18, 6},
            {"NtQueryInformationProcess", 0x19, 5}, {"NtWaitForMultipleObjects32", 0x1a, 5},
            {"NtWriteFileGather", 0x1b, 9}, {"NtSetInformationProcess", 0x1c, 4}, {"NtCreateKey", 0x1d, 7},
            {"NtFreeVirtualMemory", 0x1e, 4}, {"NtImpersonateClientOfPort", 0x1f, 2}, {"NtReleaseMutant", 0x20, 2},
            {"NtQueryInformationToken", 0x21, 5}, {"NtRequestWaitReplyPort", 0x22, 3},
            {"NtQueryVirtualMemory", 0x23, 6}, {"NtOpenThreadToken", 0x24, 4}, {"NtQueryInformationThread", 0x25, 5},
            {"NtOpenProcess", 0x26, 4}, {"NtSetInformationFile", 0x27, 5}, {"NtMapViewOfSection", 0x28, 10},
            {"NtAccessCheckAndAuditAlarm", 0x29, 11}, {"NtUnmapViewOfSection", 0x2a, 2},
            {"NtReplyWaitReceivePortEx", 0x2b, 5}, {"NtTerminateProcess", 0x2c, 2}, {"NtSetEventBoostPriority", 0x2d, 1},
            {"NtReadFileScatter", 0x2e, 9}, {"NtOpenThreadTokenEx", 0x2f, 5}, {"NtOpenProcessTokenEx", 0x30, 4},
            {"NtQueryPerformanceCounter", 0x31, 2}, {"NtEnumerateKey", 0x32, 6}, {"NtOpenFile", 0x33, 6},
            {"NtDelayExecution", 0x34, 2}, {"NtQueryDirectoryFile", 0x35, 11}, {"NtQuerySystemInformation", 0x36, 4},
            {"NtOpenSection", 0x37, 3}, {"NtQueryTimer", 0x38, 5}, {"NtFsControlFile", 0x39, 10},
            {"NtWriteVirtualMemory", 0x3a, 5}, {"NtCloseObjectAuditAlarm", 0x3b, 3}, {"NtDuplicateObject", 0x3c, 7},
            {"NtQueryAttributesFile", 0x3d, 2}, {"NtClearEvent", 0x3e, 1}, {"NtReadVirtualMemory", 0x3f, 5},
            {"NtOpenEvent", 0x40, 3}, {"NtAdjustPrivilegesToken", 0x41, 6}, {"NtDuplicateToken", 0x42, 6},
            {"NtContinue", 0x43, 2}, {"NtQueryDefaultUILanguage", 0x44, 1}, {"NtQueueApcThread", 0x45, 5},
            {"NtYieldExecution", 0x46, 0}, {"NtAddAtom", 0x47, 3}, {"NtCreateEvent", 0x48, 5},
            {"NtQueryVolumeInformationFile", 0x49, 5}, {"NtCreateSection", 0x4a, 7}, {"NtFlushBuffersFile", 0x4b, 2},
            {"NtApphelpCacheControl", 0x4c, 2}, {"NtCreateProcessEx", 0x4d, 9}, {"NtCreateThread", 0x4e, 8},
            {"NtIsProcessInJob", 0x4f, 2}, {"NtProtectVirtualMemory", 0x50, 5}, {"NtQuerySection", 0x51, 5},
            {"NtResumeThread", 0x52, 2}, {"NtTerminateThread", 0x53, 2}, {"NtReadRequestData", 0x54, 6},
            {"NtCreateFile", 0x55, 11}, {"NtQueryEvent", 0x56, 5}, {"NtWriteRequestData", 0x57, 6},
            {"NtOpenDirectoryObject", 0x58, 3}, {"NtAccessCheckByTypeAndAuditAlarm", 0x59, 16},
            {"NtQuerySystemTime", 0x5a, 1}, {"NtWaitForMultipleObjects", 0x5b, 5}, {"NtSetInformationObject", 0x5c, 4},
            {"NtCancelIoFile", 0x5d, 2}, {"NtTraceEvent", 0x5e, 4}, {"NtPowerInformation", 0x5f, 5},
            {"NtSetValueKey", 0x60, 6}, {"NtCancelTimer", 0x61, 2}, {"NtSetTimer", 0x62, 7},
            {"NtAccessCheckByType", 0x63, 11}, {"NtAccessCheckByTypeResultList", 0x64, 11},
            {"NtAccessCheckByTypeResultListAndAuditAlarm", 0x65, 16},
            {"NtAccessCheckByTypeResultListAndAuditAlarmByHandle", 0x66, 17},
            {"NtAlpcSendWaitReceivePort", 0x82, 8}, {"NtCreateThreadEx", 0xc1, 11}, {"NtCreateUserProcess", 0xc8, 11},
            {"NtSystemDebugControl", 0x1bc, 6}, {"NtWaitForAlertByThreadId", 0x1d2, 2},
            {"NtWaitForWorkViaWorkerFactory", 0x1d3, 5},
    };

    private static final Map<String, Service> BY_NAME = byName();

    private SystemServices() {
    }

    private static Map<String, Service> byName() {
        Map<String, Service> services = new LinkedHashMap<>();
        for (Object[] row : SERVICES) {
            services.put((String) row[0], new Service((String) row[0], (Integer) row[1], (Integer) row[2]));
        }
        return Collections.unmodifiableMap(services);
    }

    /** Every service kdlab knows by name, in number order. */
    public static Map<String, Service> known() {
        return BY_NAME;
    }

    /**
     * The image's tables (KiServiceTable, KiArgumentTable) and the data that describes them:
     * nt!KiServiceLimit and the descriptor tables' first rows (the shadow's second row, win32k's
     * W32pServiceTable, stays empty: kdlab gives win32k no service table).
     */
    public static void KiInitializeServiceTables(KernelSpace space, NtImage nt) {
        space.write(nt.address(KI_SERVICE_TABLE), tables(NtCode.image()));
        byte[] limit = new byte[4];
        LittleEndian.put(limit, 0, 4, COUNT);
        space.write(nt.address(NtGlobals.rva("KiServiceLimit")), limit);
        byte[] descriptor = new byte[0x20];
        LittleEndian.putLong(descriptor, 0x0, nt.address(KI_SERVICE_TABLE));   // Base
        LittleEndian.putLong(descriptor, 0x8, 0);                              // Count (no counting)
        LittleEndian.putLong(descriptor, 0x10, COUNT);                         // Limit
        LittleEndian.putLong(descriptor, 0x18, nt.address(KI_ARGUMENT_TABLE)); // Number
        space.write(nt.address(NtGlobals.rva("KeServiceDescriptorTable")), descriptor);
        space.write(nt.address(NtGlobals.rva("KeServiceDescriptorTableShadow")), descriptor);
    }

    /**
     * KiServiceTable and KiArgumentTable as the image holds them: each known service's entry points
     * at its routine in {@code nt}, the others at {@link #UNKNOWN_SERVICE}.
     */
    static byte[] tables(ImageCode nt) {
        byte[] bytes = new byte[(int) TABLES_SIZE];
        Service[] byNumber = new Service[COUNT];
        for (Service service : BY_NAME.values()) {
            byNumber[service.number()] = service;
        }
        long unknown = nt.rvaOf(UNKNOWN_SERVICE);
        int arguments = (int) (KI_ARGUMENT_TABLE - KI_SERVICE_TABLE);
        for (int number = 0; number < COUNT; number++) {
            Service service = byNumber[number];
            long routine = service == null ? unknown : nt.rvaOf(service.name());
            int stack = service == null ? 0 : service.stackArguments();
            if (routine < KI_SERVICE_TABLE) {
                throw new IllegalStateException("service routine below nt!KiServiceTable: " + service);
            }
            LittleEndian.put(bytes, 4 * number, 4, ((routine - KI_SERVICE_TABLE) << 4) | stack);
            bytes[arguments + number] = (byte) (8 * stack);
        }
        return bytes;
    }
}
