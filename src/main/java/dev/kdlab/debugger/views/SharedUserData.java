package dev.kdlab.debugger.views;

import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.MemoryAccessException;

/**
 * {@code KUSER_SHARED_DATA}, the page the kernel shares with every process at fffff780`00000000
 * (and 7ffe0000 in user space): the clock, the version and the product commands show.
 */
public final class SharedUserData {
    /** Where x64 Windows maps it in kernel space (MM_SHARED_USER_DATA_VA). */
    public static final long KERNEL_ADDRESS = 0xfffff780_00000000L;
    private static final int PROCESSOR_ARCHITECTURE_AMD64 = 9;

    private final StructView fields;

    private SharedUserData(Session session) {
        this.fields = session.kernelStruct("_KUSER_SHARED_DATA", KERNEL_ADDRESS);
    }

    public static SharedUserData of(Session session) {
        return new SharedUserData(session);
    }

    /** Clock ticks since boot (TickCountQuad). */
    public long tickCount() throws MemoryAccessException {
        return fields.get("TickCountQuad");
    }

    /** Now, as a FILETIME (UTC). */
    public long systemTime() throws MemoryAccessException {
        return systemTime("SystemTime");
    }

    /** Local time = system time - bias, in 100 ns units. */
    public long timeZoneBias() throws MemoryAccessException {
        return systemTime("TimeZoneBias");
    }

    /** 100 ns units since boot. */
    public long interruptTime() throws MemoryAccessException {
        return systemTime("InterruptTime");
    }

    public long ntMajorVersion() throws MemoryAccessException {
        return fields.get("NtMajorVersion");
    }

    /** NtProductWinNt (1), NtProductLanManNt (2) or NtProductServer (3). */
    public long ntProductType() throws MemoryAccessException {
        return fields.get("NtProductType");
    }

    /** VER_SUITE_* bits. */
    public long suiteMask() throws MemoryAccessException {
        return fields.get("SuiteMask");
    }

    public boolean isAmd64() throws MemoryAccessException {
        return fields.get("NativeProcessorArchitecture") == PROCESSOR_ARCHITECTURE_AMD64;
    }

    /** A KSYSTEM_TIME (LowPart, High1Time) as one 64-bit count of 100 ns units. */
    private long systemTime(String field) throws MemoryAccessException {
        return fields.get(field + ".High1Time") << 32 | fields.get(field + ".LowPart");
    }
}
