package dev.kdlab.debugger.stack;

import dev.kdlab.pe.Register;

/** The integer registers and rip of one frame, as an unwinder carries them from callee to caller. */
public final class RegisterContext {
    private final long[] registers = new long[16];
    private final int[] segments = {0x10, 0x18, 0x2b, 0x2b, 0x53, 0x2b};
    private long rip;
    private long eflags;

    /** The selectors in WinDbg's order: cs, ss, ds, es, fs, gs (kernel-mode defaults until set). */
    public int[] segments() {
        return segments.clone();
    }

    public RegisterContext setSegments(int cs, int ss, int ds, int es, int fs, int gs) {
        segments[0] = cs;
        segments[1] = ss;
        segments[2] = ds;
        segments[3] = es;
        segments[4] = fs;
        segments[5] = gs;
        return this;
    }

    public long eflags() {
        return eflags;
    }

    public RegisterContext setEflags(long value) {
        eflags = value;
        return this;
    }

    public long rip() {
        return rip;
    }

    public RegisterContext setRip(long value) {
        rip = value;
        return this;
    }

    public long rsp() {
        return get(Register.RSP);
    }

    public long get(Register register) {
        return registers[register.number()];
    }

    public RegisterContext set(Register register, long value) {
        registers[register.number()] = value;
        return this;
    }

    public RegisterContext copy() {
        RegisterContext copy = new RegisterContext();
        System.arraycopy(registers, 0, copy.registers, 0, registers.length);
        System.arraycopy(segments, 0, copy.segments, 0, segments.length);
        copy.rip = rip;
        copy.eflags = eflags;
        return copy;
    }
}
