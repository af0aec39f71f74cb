package dev.kdlab.debugger.commands;

import dev.kdlab.types.TypeCatalog;

/** Addresses in KUSER_SHARED_DATA (fffff780`00000000) that commands read the clock from. */
final class SharedData {
    static final long BASE = 0xfffff780_00000000L;
    /** TickCountQuad: clock ticks since boot. */
    static final long TICK_COUNT = BASE + TypeCatalog.nt().struct("_KUSER_SHARED_DATA").offsetOf("TickCountQuad");
    /** SystemTime (LowPart, High1Time): now, as a FILETIME. */
    static final long SYSTEM_TIME = BASE + TypeCatalog.nt().struct("_KUSER_SHARED_DATA").offsetOf("SystemTime");

    private SharedData() {
    }
}
