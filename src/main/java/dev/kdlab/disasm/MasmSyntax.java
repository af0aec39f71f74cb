package dev.kdlab.disasm;

import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Prints instructions as WinDbg's {@code u} does (transcripts 4.1, 5.4, 5.5):
 * <pre>
 * fffff800`031fd5b0 48894c2408      mov     qword ptr [rsp+8],rcx
 * </pre>
 * The address with a backtick; the bytes in hex, padded to 16 columns (longer ones are followed
 * by one blank, and the mnemonic column shrinks by as much as they overflow, so operands keep
 * their column when they can); the mnemonic padded to 8 columns (at least one blank after it);
 * operands in MASM syntax: numbers in upper-case hex with an {@code h} suffix (a leading 0 before
 * a letter, digits 0-9 bare), {@code qword ptr} and friends, segment overrides before the bracket
 * ({@code gs:[188h]}), and addresses that name a symbol as {@code nt!Routine+0x10 (fffff800`031fd5c0)}.
 */
public final class MasmSyntax {
    private static final int BYTES_COLUMN = 16;
    private static final int MNEMONIC_COLUMN = 8;

    private final SymbolNamer namer;

    public MasmSyntax(SymbolNamer namer) {
        this.namer = namer;
    }

    /** The whole line: address, bytes, mnemonic, operands. */
    public String line(Instruction instruction) {
        StringBuilder hex = new StringBuilder();
        for (byte b : instruction.bytes()) {
            hex.append(String.format("%02x", b & 0xff));
        }
        return line(instruction.address(), hex.toString(), mnemonic(instruction), operands(instruction));
    }

    /** The line WinDbg prints for a byte it cannot read: {@code ??} and {@code ???}. */
    public static String unreadableLine(long address) {
        return line(address, "??", Instruction.UNKNOWN, "");
    }

    private static String line(long address, String hex, String mnemonic, String operands) {
        StringBuilder line = new StringBuilder(address(address)).append(' ').append(hex);
        int overflow = Math.max(0, hex.length() - BYTES_COLUMN);
        line.append(hex.length() < BYTES_COLUMN ? " ".repeat(BYTES_COLUMN - hex.length()) : " ");
        line.append(mnemonic);
        if (!operands.isEmpty()) {
            line.append(" ".repeat(Math.max(1, MNEMONIC_COLUMN - overflow - mnemonic.length()))).append(operands);
        }
        return line.toString();
    }

    /** The prefix word and mnemonic: {@code lock cmpxchg}, {@code rep stos}, {@code mov}. */
    public String mnemonic(Instruction instruction) {
        return instruction.prefix().isEmpty() ? instruction.mnemonic() : instruction.prefix() + " " + instruction.mnemonic();
    }

    /** The operands, comma-separated without blanks: {@code qword ptr [rsp+10h],rdx}. */
    public String operands(Instruction instruction) {
        StringJoiner joined = new StringJoiner(",");
        for (Operand operand : instruction.operands()) {
            joined.add(operand(operand));
        }
        return joined.toString();
    }

    private String operand(Operand operand) {
        if (operand instanceof Operand.Register r) {
            return r.name();
        }
        if (operand instanceof Operand.Immediate i) {
            return immediate(i);
        }
        if (operand instanceof Operand.BranchTarget t) {
            return symbolic(t.address());
        }
        return memory((Operand.Memory) operand);
    }

    /** A 64-bit immediate that is the address of a symbol prints as {@code offset nt!Name (address)}. */
    private String immediate(Operand.Immediate immediate) {
        if (immediate.size() == 8) {
            Optional<String> name = namer.name(immediate.value());
            if (name.isPresent()) {
                return "offset " + name.get() + " (" + address(immediate.value()) + ")";
            }
        }
        return number(immediate.value());
    }

    private String memory(Operand.Memory m) {
        StringBuilder text = new StringBuilder(sizeName(m.size()));
        if (m.segment() != null) {
            text.append(m.segment()).append(':');
        }
        text.append('[');
        if (m.isAbsolute()) {
            boolean perProcessor = "gs".equals(m.segment()) || "fs".equals(m.segment());
            // gs:[188h] is an offset into the processor's block; anything else is an address in memory
            text.append(perProcessor && !m.ripRelative() ? number(m.displacement()) : symbolic(m.displacement()));
        } else {
            if (m.base() != null) {
                text.append(m.base());
            }
            if (m.index() != null) {
                text.append(m.base() != null ? "+" : "").append(m.index());
                if (m.scale() > 1) {
                    text.append('*').append(m.scale());
                }
            }
            long displacement = m.displacement();
            if (displacement < 0) {
                text.append('-').append(number(-displacement));
            } else if (displacement > 0) {
                text.append('+').append(number(displacement));
            }
        }
        return text.append(']').toString();
    }

    private static String sizeName(int size) {
        return switch (size) {
            case 0 -> "";
            case 1 -> "byte ptr ";
            case 2 -> "word ptr ";
            case 4 -> "dword ptr ";
            case 6 -> "fword ptr ";
            case 8 -> "qword ptr ";
            case 10 -> "tbyte ptr ";
            case 16 -> "xmmword ptr ";
            default -> throw new IllegalArgumentException("no MASM size for " + size + " bytes");
        };
    }

    /** {@code nt!Routine+0x10 (fffff800`031fd5c0)}, or the bare address where no symbol is. */
    private String symbolic(long target) {
        return namer.name(target).map(name -> name + " (" + address(target) + ")").orElse(address(target));
    }

    /** MASM hex: 0-9 bare, otherwise upper-case digits, a 0 before a leading letter, and h: 10h, 0A8h, 0FFFFFFFFh. */
    public static String number(long value) {
        if (Long.compareUnsigned(value, 10) < 0) {
            return Long.toString(value);
        }
        String hex = Long.toHexString(value).toUpperCase(Locale.ROOT);
        return (Character.isLetter(hex.charAt(0)) ? "0" : "") + hex + "h";
    }

    /** An address as the engine prints it: {@code fffff800`031fd5b0}. */
    public static String address(long value) {
        return String.format("%08x`%08x", value >>> 32, value & 0xffffffffL);
    }
}
