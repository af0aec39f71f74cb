package dev.kdlab.disasm;

import static dev.kdlab.disasm.Opcode.default64;
import static dev.kdlab.disasm.Opcode.group;
import static dev.kdlab.disasm.Opcode.of;

/**
 * The one- and two-byte opcode maps of 64-bit mode (Intel SDM vol. 2, appendix A, tables A-2 and
 * A-3, and the group table A-6), for the integer instructions compilers emit in kernel and user
 * code, the system instructions a kernel uses, and the common SSE moves. Opcodes invalid in 64-bit
 * mode, x87, VEX and three-byte maps are absent and decode as {@code ???}.
 *
 * <p>Two-byte entries that depend on a mandatory prefix (66, F3, F2) live in their own tables;
 * the decoder looks there first and falls back to the unprefixed one.
 */
final class OpcodeMaps {
    static final int NONE = 0;
    static final int P66 = 1;
    static final int PF3 = 2;
    static final int PF2 = 3;

    /** The sixteen condition codes in opcode order, spelled as WinDbg spells jcc, setcc and cmovcc. */
    static final String[] CONDITIONS = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge",
            "le", "g"};
    private static final String[] ARITHMETIC = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};

    static final Opcode[] ONE_BYTE = new Opcode[256];
    /** Two-byte map (after 0F), by mandatory prefix: NONE, P66, PF3, PF2. */
    static final Opcode[][] TWO_BYTE = new Opcode[4][256];

    static {
        oneByte();
        twoByte();
        sse();
    }

    private OpcodeMaps() {
    }

    private static void oneByte() {
        for (int i = 0; i < 8; i++) {
            int base = i * 8;
            ONE_BYTE[base] = of(ARITHMETIC[i], "Eb,Gb");
            ONE_BYTE[base + 1] = of(ARITHMETIC[i], "Ev,Gv");
            ONE_BYTE[base + 2] = of(ARITHMETIC[i], "Gb,Eb");
            ONE_BYTE[base + 3] = of(ARITHMETIC[i], "Gv,Ev");
            ONE_BYTE[base + 4] = of(ARITHMETIC[i], "AL,Ib");
            ONE_BYTE[base + 5] = of(ARITHMETIC[i], "rAX,Iz");
        }
        for (int r = 0; r < 8; r++) {
            ONE_BYTE[0x50 + r] = default64("push", "Zv");
            ONE_BYTE[0x58 + r] = default64("pop", "Zv");
            ONE_BYTE[0xb0 + r] = of("mov", "Zb,Ib");
            ONE_BYTE[0xb8 + r] = of("mov", "Zv,Iv");
        }
        for (int r = 1; r < 8; r++) {
            ONE_BYTE[0x90 + r] = of("xchg", "Zv,rAX");
        }
        for (int c = 0; c < 16; c++) {
            ONE_BYTE[0x70 + c] = default64("j" + CONDITIONS[c], "Jb");
        }
        ONE_BYTE[0x63] = of("movsxd", "Gv,Ed");
        ONE_BYTE[0x68] = default64("push", "Iz");
        ONE_BYTE[0x69] = of("imul", "Gv,Ev,Iz");
        ONE_BYTE[0x6a] = default64("push", "Ibs");
        ONE_BYTE[0x6b] = of("imul", "Gv,Ev,Ibs");
        ONE_BYTE[0x6c] = of("ins", "Yb,DX");
        ONE_BYTE[0x6d] = of("ins", "Yv,DX");
        ONE_BYTE[0x6e] = of("outs", "DX,Xb");
        ONE_BYTE[0x6f] = of("outs", "DX,Xv");
        ONE_BYTE[0x80] = group("Eb,Ib", ARITHMETIC);
        ONE_BYTE[0x81] = group("Ev,Iz", ARITHMETIC);
        ONE_BYTE[0x83] = group("Ev,Ibs", ARITHMETIC);
        ONE_BYTE[0x84] = of("test", "Eb,Gb");
        ONE_BYTE[0x85] = of("test", "Ev,Gv");
        ONE_BYTE[0x86] = of("xchg", "Eb,Gb");
        ONE_BYTE[0x87] = of("xchg", "Ev,Gv");
        ONE_BYTE[0x88] = of("mov", "Eb,Gb");
        ONE_BYTE[0x89] = of("mov", "Ev,Gv");
        ONE_BYTE[0x8a] = of("mov", "Gb,Eb");
        ONE_BYTE[0x8b] = of("mov", "Gv,Ev");
        ONE_BYTE[0x8c] = of("mov", "Ew,Sw");
        ONE_BYTE[0x8d] = of("lea", "Gv,M");
        ONE_BYTE[0x8e] = of("mov", "Sw,Ew");
        ONE_BYTE[0x8f] = group(default64("pop", "Ev"), null, null, null, null, null, null, null);
        ONE_BYTE[0x90] = of("nop", "");
        ONE_BYTE[0x98] = of("cbw|cwde|cdqe", "");
        ONE_BYTE[0x99] = of("cwd|cdq|cqo", "");
        ONE_BYTE[0x9b] = of("wait", "");
        ONE_BYTE[0x9c] = default64("pushf|pushfq", "");
        ONE_BYTE[0x9d] = default64("popf|popfq", "");
        ONE_BYTE[0x9e] = of("sahf", "");
        ONE_BYTE[0x9f] = of("lahf", "");
        ONE_BYTE[0xa0] = of("mov", "AL,Ob");
        ONE_BYTE[0xa1] = of("mov", "rAX,Ov");
        ONE_BYTE[0xa2] = of("mov", "Ob,AL");
        ONE_BYTE[0xa3] = of("mov", "Ov,rAX");
        ONE_BYTE[0xa4] = of("movs", "Yb,Xb");
        ONE_BYTE[0xa5] = of("movs", "Yv,Xv");
        ONE_BYTE[0xa6] = of("cmps", "Xb,Yb");
        ONE_BYTE[0xa7] = of("cmps", "Xv,Yv");
        ONE_BYTE[0xa8] = of("test", "AL,Ib");
        ONE_BYTE[0xa9] = of("test", "rAX,Iz");
        ONE_BYTE[0xaa] = of("stos", "Yb");
        ONE_BYTE[0xab] = of("stos", "Yv");
        ONE_BYTE[0xac] = of("lods", "Xb");
        ONE_BYTE[0xad] = of("lods", "Xv");
        ONE_BYTE[0xae] = of("scas", "Yb");
        ONE_BYTE[0xaf] = of("scas", "Yv");
        String[] shifts = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"};
        ONE_BYTE[0xc0] = group("Eb,Ib", shifts);
        ONE_BYTE[0xc1] = group("Ev,Ib", shifts);
        ONE_BYTE[0xd0] = group("Eb,1", shifts);
        ONE_BYTE[0xd1] = group("Ev,1", shifts);
        ONE_BYTE[0xd2] = group("Eb,CL", shifts);
        ONE_BYTE[0xd3] = group("Ev,CL", shifts);
        ONE_BYTE[0xc2] = default64("ret", "Iw");
        ONE_BYTE[0xc3] = default64("ret", "");
        ONE_BYTE[0xc6] = group(of("mov", "Eb,Ib"), null, null, null, null, null, null, null);
        ONE_BYTE[0xc7] = group(of("mov", "Ev,Iz"), null, null, null, null, null, null, null);
        ONE_BYTE[0xc8] = of("enter", "Iw,Ib");
        ONE_BYTE[0xc9] = default64("leave", "");
        ONE_BYTE[0xca] = of("retf", "Iw");
        ONE_BYTE[0xcb] = of("retf", "");
        ONE_BYTE[0xcc] = of("int", "3");
        ONE_BYTE[0xcd] = of("int", "Ib");
        ONE_BYTE[0xcf] = of("iret|iretd|iretq", "");
        ONE_BYTE[0xd7] = of("xlat", "");
        ONE_BYTE[0xe0] = default64("loopne", "Jb");
        ONE_BYTE[0xe1] = default64("loope", "Jb");
        ONE_BYTE[0xe2] = default64("loop", "Jb");
        ONE_BYTE[0xe3] = default64("jrcxz", "Jb");
        ONE_BYTE[0xe4] = of("in", "AL,Ib");
        ONE_BYTE[0xe5] = of("in", "eAX,Ib");
        ONE_BYTE[0xe6] = of("out", "Ib,AL");
        ONE_BYTE[0xe7] = of("out", "Ib,eAX");
        ONE_BYTE[0xe8] = default64("call", "Jz");
        ONE_BYTE[0xe9] = default64("jmp", "Jz");
        ONE_BYTE[0xeb] = default64("jmp", "Jb");
        ONE_BYTE[0xec] = of("in", "AL,DX");
        ONE_BYTE[0xed] = of("in", "eAX,DX");
        ONE_BYTE[0xee] = of("out", "DX,AL");
        ONE_BYTE[0xef] = of("out", "DX,eAX");
        ONE_BYTE[0xf1] = of("int1", "");
        ONE_BYTE[0xf4] = of("hlt", "");
        ONE_BYTE[0xf5] = of("cmc", "");
        ONE_BYTE[0xf6] = group(of("test", "Eb,Ib"), of("test", "Eb,Ib"), of("not", "Eb"), of("neg", "Eb"),
                of("mul", "AL,Eb"), of("imul", "AL,Eb"), of("div", "AL,Eb"), of("idiv", "AL,Eb"));
        ONE_BYTE[0xf7] = group(of("test", "Ev,Iz"), of("test", "Ev,Iz"), of("not", "Ev"), of("neg", "Ev"),
                of("mul", "rAX,Ev"), of("imul", "rAX,Ev"), of("div", "rAX,Ev"), of("idiv", "rAX,Ev"));
        ONE_BYTE[0xf8] = of("clc", "");
        ONE_BYTE[0xf9] = of("stc", "");
        ONE_BYTE[0xfa] = of("cli", "");
        ONE_BYTE[0xfb] = of("sti", "");
        ONE_BYTE[0xfc] = of("cld", "");
        ONE_BYTE[0xfd] = of("std", "");
        ONE_BYTE[0xfe] = group("Eb", "inc", "dec");
        ONE_BYTE[0xff] = group(of("inc", "Ev"), of("dec", "Ev"), default64("call", "Ev"), of("call", "Mp"),
                default64("jmp", "Ev"), of("jmp", "Mp"), default64("push", "Ev"), null);
    }

    private static void twoByte() {
        Opcode[] map = TWO_BYTE[NONE];
        map[0x00] = group(of("sldt", "Ew"), of("str", "Ew"), of("lldt", "Ew"), of("ltr", "Ew"), of("verr", "Ew"),
                of("verw", "Ew"), null, null);
        Opcode[] system = new Opcode[64];
        system[0 * 8 + 1] = of("vmcall", "");
        system[0 * 8 + 2] = of("vmlaunch", "");
        system[0 * 8 + 3] = of("vmresume", "");
        system[0 * 8 + 4] = of("vmxoff", "");
        system[1 * 8] = of("monitor", "");
        system[1 * 8 + 1] = of("mwait", "");
        system[1 * 8 + 2] = of("clac", "");
        system[1 * 8 + 3] = of("stac", "");
        system[2 * 8] = of("xgetbv", "");
        system[2 * 8 + 1] = of("xsetbv", "");
        system[7 * 8] = of("swapgs", "");
        system[7 * 8 + 1] = of("rdtscp", "");
        map[0x01] = group(of("sgdt", "M"), of("sidt", "M"), of("lgdt", "M"), of("lidt", "M"), of("smsw", "Ew"), null,
                of("lmsw", "Ew"), of("invlpg", "Mb")).withRegisterForms(system);
        map[0x05] = of("syscall", "");
        map[0x06] = of("clts", "");
        map[0x07] = of("sysret", "");
        map[0x08] = of("invd", "");
        map[0x09] = of("wbinvd", "");
        map[0x0b] = of("ud2", "");
        map[0x0d] = group("Mb", "prefetch", "prefetchw", "prefetchwt1", "prefetch", "prefetch", "prefetch",
                "prefetch", "prefetch");
        map[0x18] = group("Mb", "prefetchnta", "prefetcht0", "prefetcht1", "prefetcht2");
        map[0x1f] = group(of("nop", "Ev"), null, null, null, null, null, null, null);
        map[0x20] = of("mov", "Rq,Cd");
        map[0x21] = of("mov", "Rq,Dd");
        map[0x22] = of("mov", "Cd,Rq");
        map[0x23] = of("mov", "Dd,Rq");
        map[0x30] = of("wrmsr", "");
        map[0x31] = of("rdtsc", "");
        map[0x32] = of("rdmsr", "");
        map[0x33] = of("rdpmc", "");
        map[0x34] = of("sysenter", "");
        map[0x35] = of("sysexit", "");
        for (int c = 0; c < 16; c++) {
            map[0x40 + c] = of("cmov" + CONDITIONS[c], "Gv,Ev");
            map[0x80 + c] = default64("j" + CONDITIONS[c], "Jz");
            map[0x90 + c] = group(of("set" + CONDITIONS[c], "Eb"), null, null, null, null, null, null, null);
        }
        map[0xa0] = default64("push", "FS");
        map[0xa1] = default64("pop", "FS");
        map[0xa2] = of("cpuid", "");
        map[0xa3] = of("bt", "Ev,Gv");
        map[0xa4] = of("shld", "Ev,Gv,Ib");
        map[0xa5] = of("shld", "Ev,Gv,CL");
        map[0xa8] = default64("push", "GS");
        map[0xa9] = default64("pop", "GS");
        map[0xab] = of("bts", "Ev,Gv");
        map[0xac] = of("shrd", "Ev,Gv,Ib");
        map[0xad] = of("shrd", "Ev,Gv,CL");
        Opcode[] fences = new Opcode[64];
        for (int rm = 0; rm < 8; rm++) {
            fences[5 * 8 + rm] = of("lfence", "");
            fences[6 * 8 + rm] = of("mfence", "");
            fences[7 * 8 + rm] = of("sfence", "");
        }
        map[0xae] = group(of("fxsave", "M"), of("fxrstor", "M"), of("ldmxcsr", "Md"), of("stmxcsr", "Md"),
                of("xsave", "M"), of("xrstor", "M"), of("xsaveopt", "M"), of("clflush", "Mb")).withRegisterForms(fences);
        map[0xaf] = of("imul", "Gv,Ev");
        map[0xb0] = of("cmpxchg", "Eb,Gb");
        map[0xb1] = of("cmpxchg", "Ev,Gv");
        map[0xb3] = of("btr", "Ev,Gv");
        map[0xb6] = of("movzx", "Gv,Eb");
        map[0xb7] = of("movzx", "Gv,Ew");
        map[0xba] = group("Ev,Ib", null, null, null, null, "bt", "bts", "btr", "btc");
        map[0xbb] = of("btc", "Ev,Gv");
        map[0xbc] = of("bsf", "Gv,Ev");
        map[0xbd] = of("bsr", "Gv,Ev");
        map[0xbe] = of("movsx", "Gv,Eb");
        map[0xbf] = of("movsx", "Gv,Ew");
        map[0xc0] = of("xadd", "Eb,Gb");
        map[0xc1] = of("xadd", "Ev,Gv");
        Opcode[] random = new Opcode[64];
        for (int rm = 0; rm < 8; rm++) {
            random[6 * 8 + rm] = of("rdrand", "Rv");
            random[7 * 8 + rm] = of("rdseed", "Rv");
        }
        map[0xc7] = group(null, of("cmpxchg8b|cmpxchg16b", "Mdq"), null, null, null, null, null, null)
                .withRegisterForms(random);
        for (int r = 0; r < 8; r++) {
            map[0xc8 + r] = of("bswap", "Zv");
        }
        Opcode[] f3 = TWO_BYTE[PF3];
        f3[0xb8] = of("popcnt", "Gv,Ev");
        f3[0xbc] = of("tzcnt", "Gv,Ev");
        f3[0xbd] = of("lzcnt", "Gv,Ev");
    }

    /** The SSE moves and logic that compilers use for copies, zeroing and floating point. */
    private static void sse() {
        Opcode[] none = TWO_BYTE[NONE];
        Opcode[] p66 = TWO_BYTE[P66];
        Opcode[] f3 = TWO_BYTE[PF3];
        Opcode[] f2 = TWO_BYTE[PF2];
        none[0x10] = of("movups", "Vx,Wx");
        none[0x11] = of("movups", "Wx,Vx");
        p66[0x10] = of("movupd", "Vx,Wx");
        p66[0x11] = of("movupd", "Wx,Vx");
        f3[0x10] = of("movss", "Vx,Wd");
        f3[0x11] = of("movss", "Wd,Vx");
        f2[0x10] = of("movsd", "Vx,Wq");
        f2[0x11] = of("movsd", "Wq,Vx");
        none[0x28] = of("movaps", "Vx,Wx");
        none[0x29] = of("movaps", "Wx,Vx");
        p66[0x28] = of("movapd", "Vx,Wx");
        p66[0x29] = of("movapd", "Wx,Vx");
        none[0x2e] = of("ucomiss", "Vx,Wd");
        p66[0x2e] = of("ucomisd", "Vx,Wq");
        none[0x2f] = of("comiss", "Vx,Wd");
        p66[0x2f] = of("comisd", "Vx,Wq");
        String[] logic = {"andps", "andnps", "orps", "xorps"};
        for (int i = 0; i < logic.length; i++) {
            none[0x54 + i] = of(logic[i], "Vx,Wx");
            p66[0x54 + i] = of(logic[i].replace("ps", "pd"), "Vx,Wx");
        }
        String[] arithmetic = {"add", "mul", null, null, "sub", "min", "div", "max"};
        for (int i = 0; i < arithmetic.length; i++) {
            if (arithmetic[i] != null) {
                none[0x58 + i] = of(arithmetic[i] + "ps", "Vx,Wx");
                p66[0x58 + i] = of(arithmetic[i] + "pd", "Vx,Wx");
                f3[0x58 + i] = of(arithmetic[i] + "ss", "Vx,Wd");
                f2[0x58 + i] = of(arithmetic[i] + "sd", "Vx,Wq");
            }
        }
        none[0x6e] = of("movd|movq", "Pq,Ey");
        p66[0x6e] = of("movd|movq", "Vx,Ey");
        none[0x6f] = of("movq", "Pq,Qq");
        p66[0x6f] = of("movdqa", "Vx,Wx");
        f3[0x6f] = of("movdqu", "Vx,Wx");
        p66[0x70] = of("pshufd", "Vx,Wx,Ib");
        p66[0x74] = of("pcmpeqb", "Vx,Wx");
        p66[0x75] = of("pcmpeqw", "Vx,Wx");
        p66[0x76] = of("pcmpeqd", "Vx,Wx");
        none[0x7e] = of("movd|movq", "Ey,Pq");
        p66[0x7e] = of("movd|movq", "Ey,Vx");
        f3[0x7e] = of("movq", "Vx,Wq");
        none[0x7f] = of("movq", "Qq,Pq");
        p66[0x7f] = of("movdqa", "Wx,Vx");
        f3[0x7f] = of("movdqu", "Wx,Vx");
        p66[0xd6] = of("movq", "Wq,Vx");
        p66[0xd7] = of("pmovmskb", "Gd,Wx");
        p66[0xdb] = of("pand", "Vx,Wx");
        p66[0xdf] = of("pandn", "Vx,Wx");
        p66[0xeb] = of("por", "Vx,Wx");
        none[0xef] = of("pxor", "Pq,Qq");
        p66[0xef] = of("pxor", "Vx,Wx");
        p66[0xe7] = of("movntdq", "Mx,Vx");
        none[0x2b] = of("movntps", "Mx,Vx");
    }
}
