package dev.kdlab.disasm;

/**
 * An operand in the notation of the Intel opcode map (SDM vol. 2, appendix A.2): a letter for
 * where it comes from and one for its size. {@code Ev} is ModRM.r/m at the operand size,
 * {@code Gb} ModRM.reg as a byte register, {@code Iz} a 16- or 32-bit immediate, {@code Jb} an
 * 8-bit relative target. kdlab adds {@code Ibs} (an 8-bit immediate sign-extended to the operand
 * size, as 83 /r and 6B take it) and fixed operands ({@code AL}, {@code rAX}, {@code CL}, {@code 1}).
 */
enum Spec {
    Eb(Kind.E, Size.BYTE), Ew(Kind.E, Size.WORD), Ed(Kind.E, Size.DWORD), Eq(Kind.E, Size.QWORD),
    Ev(Kind.E, Size.V), Ey(Kind.E, Size.Y),
    Gb(Kind.G, Size.BYTE), Gw(Kind.G, Size.WORD), Gd(Kind.G, Size.DWORD), Gv(Kind.G, Size.V), Gy(Kind.G, Size.Y),
    M(Kind.M, Size.NONE), Mb(Kind.M, Size.BYTE), Mw(Kind.M, Size.WORD), Md(Kind.M, Size.DWORD), Mq(Kind.M, Size.QWORD),
    Mx(Kind.M, Size.XMM), Mp(Kind.M, Size.FAR), Mdq(Kind.M, Size.Q16),
    Ib(Kind.I, Size.BYTE), Iw(Kind.I, Size.WORD), Iz(Kind.I, Size.Z), Iv(Kind.I, Size.V), Ibs(Kind.I, Size.BS),
    Jb(Kind.J, Size.BYTE), Jz(Kind.J, Size.Z),
    Zb(Kind.Z, Size.BYTE), Zv(Kind.Z, Size.V),
    Ob(Kind.O, Size.BYTE), Ov(Kind.O, Size.V),
    Xb(Kind.X, Size.BYTE), Xv(Kind.X, Size.V), Yb(Kind.Y, Size.BYTE), Yv(Kind.Y, Size.V),
    Vx(Kind.V, Size.XMM), Wx(Kind.W, Size.XMM), Wq(Kind.W, Size.QWORD), Wd(Kind.W, Size.DWORD),
    Pq(Kind.P, Size.QWORD), Qq(Kind.Q, Size.QWORD),
    Cd(Kind.C, Size.QWORD), Dd(Kind.D, Size.QWORD), Rq(Kind.R, Size.QWORD), Rv(Kind.R, Size.V), Sw(Kind.S, Size.WORD),
    AL(Kind.FIXED, Size.BYTE), CL(Kind.FIXED, Size.BYTE), DX(Kind.FIXED, Size.WORD), rAX(Kind.FIXED, Size.V),
    eAX(Kind.FIXED, Size.Z), FS(Kind.FIXED, Size.WORD), GS(Kind.FIXED, Size.WORD),
    ONE(Kind.FIXED, Size.BYTE), THREE(Kind.FIXED, Size.BYTE);

    /** Where the operand comes from. */
    enum Kind {
        /** ModRM.r/m: a general register or memory. */ E,
        /** ModRM.reg: a general register. */ G,
        /** ModRM.r/m: memory only. */ M,
        /** An immediate. */ I,
        /** A relative branch target. */ J,
        /** The low three bits of the opcode (with REX.B) name a general register. */ Z,
        /** A 64-bit absolute address (moffs). */ O,
        /** String source [rsi]. */ X,
        /** String destination [rdi]. */ Y,
        /** ModRM.reg: an XMM register. */ V,
        /** ModRM.r/m: an XMM register or memory. */ W,
        /** ModRM.reg: an MMX register. */ P,
        /** ModRM.r/m: an MMX register or memory. */ Q,
        /** ModRM.reg: a control register. */ C,
        /** ModRM.reg: a debug register. */ D,
        /** ModRM.r/m: a general register only. */ R,
        /** ModRM.reg: a segment register. */ S,
        /** Named by the opcode itself. */ FIXED
    }

    /** Operand sizes; V, Y and Z depend on the prefixes (SDM vol. 2, table A-1 "v", "y", "z"). */
    enum Size {
        NONE, BYTE, WORD, DWORD, QWORD, XMM, FAR, V, Y, Z, BS, Q16
    }

    private final Kind kind;
    private final Size size;

    Spec(Kind kind, Size size) {
        this.kind = kind;
        this.size = size;
    }

    Kind kind() {
        return kind;
    }

    Size size() {
        return size;
    }

    boolean needsModRm() {
        return switch (kind) {
            case E, G, M, V, W, P, Q, C, D, R, S -> true;
            default -> false;
        };
    }

    /** "Ev,Gv" -> [Ev, Gv]; "1" and "3" are the fixed immediates of d0-d3 and int 3. */
    static Spec[] parse(String operands) {
        if (operands.isEmpty()) {
            return new Spec[0];
        }
        String[] names = operands.split(",");
        Spec[] specs = new Spec[names.length];
        for (int i = 0; i < names.length; i++) {
            specs[i] = switch (names[i]) {
                case "1" -> ONE;
                case "3" -> THREE;
                default -> valueOf(names[i].strip());
            };
        }
        return specs;
    }
}
