package dev.kdlab.disasm;

/**
 * One entry of an opcode map: a mnemonic with its operands, or a group whose entries ModRM.reg
 * picks (SDM vol. 2, table A-6), some of which (0F 01, 0F AE) name whole instructions by the full
 * ModRM byte when it selects registers. A mnemonic with '|' varies with the operand size:
 * {@code cbw|cwde|cdqe} for 16, 32 and 64 bits, {@code movd|movq} for 32 and 64.
 */
final class Opcode {
    private final String mnemonic;
    private final Spec[] operands;
    private final boolean default64;
    private final Opcode[] group;
    private final Opcode[] registerForms;

    private Opcode(String mnemonic, Spec[] operands, boolean default64, Opcode[] group, Opcode[] registerForms) {
        this.mnemonic = mnemonic;
        this.operands = operands;
        this.default64 = default64;
        this.group = group;
        this.registerForms = registerForms;
    }

    static Opcode of(String mnemonic, String operands) {
        return new Opcode(mnemonic, Spec.parse(operands), false, null, null);
    }

    /** An instruction whose operand size is 64 bits unless 66 makes it 16 (push, pop, near call and jmp). */
    static Opcode default64(String mnemonic, String operands) {
        return new Opcode(mnemonic, Spec.parse(operands), true, null, null);
    }

    /** A group: entries by ModRM.reg (null where the encoding is undefined). */
    static Opcode group(Opcode... byReg) {
        return new Opcode(null, new Spec[0], false, byReg, null);
    }

    /** A group whose members share operands: {@code group("Eb,Ib", "add", "or", ...)}; null names are undefined. */
    static Opcode group(String operands, String... names) {
        Opcode[] byReg = new Opcode[8];
        for (int i = 0; i < names.length; i++) {
            byReg[i] = names[i] == null ? null : of(names[i], operands);
        }
        return group(byReg);
    }

    /** This group, with whole instructions for ModRM bytes that select registers (mod = 11), by reg*8 + r/m. */
    Opcode withRegisterForms(Opcode[] forms) {
        return new Opcode(mnemonic, operands, default64, group, forms);
    }

    boolean isGroup() {
        return group != null;
    }

    /** The member for a ModRM byte, or null when that encoding is undefined. */
    Opcode member(int modrm) {
        if (registerForms != null && modrm >>> 6 == 3) {
            return registerForms[modrm & 0x3f];
        }
        return group[modrm >>> 3 & 7];
    }

    boolean needsModRm() {
        if (group != null) {
            return true;
        }
        for (Spec spec : operands) {
            if (spec.needsModRm()) {
                return true;
            }
        }
        return false;
    }

    boolean isDefault64() {
        return default64;
    }

    Spec[] operands() {
        return operands;
    }

    /** The mnemonic for an operand size of 2, 4 or 8 bytes. */
    String mnemonic(int operandSize) {
        if (mnemonic.indexOf('|') < 0) {
            return mnemonic;
        }
        String[] forms = mnemonic.split("\\|");
        int index = switch (operandSize) {
            case 2 -> 0;
            case 4 -> forms.length == 3 ? 1 : 0;
            default -> forms.length - 1;
        };
        return forms[index];
    }
}
