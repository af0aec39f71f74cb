package dev.kdlab.disasm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes one x64 instruction (64-bit mode) from bytes: legacy prefixes, REX, the opcode through
 * {@link OpcodeMaps}, ModRM, SIB and displacement, immediates (Intel SDM vol. 2, chapter 2).
 * Bytes that form no instruction it knows, or run past the end of what was read, decode as
 * {@code ???}, one byte long, as WinDbg shows them.
 */
public final class Decoder {
    /** The architectural limit on an instruction's length (SDM vol. 2, 2.3.11). */
    public static final int MAX_LENGTH = 15;

    private Decoder() {
    }

    /** The instruction at {@code bytes[offset..offset+available)}, which sit at {@code address}. */
    public static Instruction decode(long address, byte[] bytes, int offset, int available) {
        int limit = Math.min(available, MAX_LENGTH);
        if (limit <= 0) {
            throw new IllegalArgumentException("no bytes to decode");
        }
        try {
            Instruction decoded = new Reader(address, bytes, offset, limit).instruction();
            return decoded == null ? Instruction.unknown(address, bytes[offset]) : decoded;
        } catch (TruncatedException e) {
            return Instruction.unknown(address, bytes[offset]);
        }
    }

    /** All of {@code bytes} as {@code address}, decoded. */
    public static Instruction decode(long address, byte[] bytes) {
        return decode(address, bytes, 0, bytes.length);
    }

    /** The bytes ran out in the middle of an instruction. */
    private static final class TruncatedException extends RuntimeException {
        TruncatedException() {
            super(null, null, false, false);
        }
    }

    /** The state of decoding one instruction. */
    private static final class Reader {
        private final long address;
        private final byte[] bytes;
        private final int start;
        private final int limit;
        private int position;

        private boolean operandSize16;
        private boolean addressSize32;
        private boolean lock;
        private int repeat;            // 0, 0xf3 or 0xf2: the last of them
        private String segment;
        private int rex = -1;

        private int modrm = -1;
        private Operand.Memory memory;  // the r/m operand when it is memory, with a rip-relative displacement unresolved
        private boolean ripRelative;

        Reader(long address, byte[] bytes, int start, int limit) {
            this.address = address;
            this.bytes = bytes;
            this.start = start;
            this.limit = limit;
        }

        private int next() {
            if (position >= limit) {
                throw new TruncatedException();
            }
            return bytes[start + position++] & 0xff;
        }

        private long signed(int size) {
            long value = 0;
            for (int i = 0; i < size; i++) {
                value |= (long) next() << 8 * i;
            }
            int unused = 64 - 8 * size;
            return value << unused >> unused;
        }

        Instruction instruction() {
            int opcode = prefixes();
            Opcode entry;
            boolean twoByte = opcode == 0x0f;
            if (twoByte) {
                opcode = next();
                entry = twoByteEntry(opcode);
            } else {
                entry = opcode == 0x90 ? nop() : OpcodeMaps.ONE_BYTE[opcode];
            }
            if (entry == null) {
                return null;
            }
            if (entry.needsModRm()) {
                modrm = next();
                if (entry.isGroup()) {
                    entry = entry.member(modrm);
                    if (entry == null) {
                        return null;
                    }
                }
            }
            int size = operandSize(entry);
            List<Operand> operands = new ArrayList<>();
            for (Spec spec : entry.operands()) {
                Operand operand = operand(spec, size);
                if (operand == null) {
                    return null;
                }
                operands.add(operand);
            }
            if (ripRelative) {
                resolveRipRelative(operands);
            }
            String mnemonic = entry.mnemonic(sizeForMnemonic(entry, size));
            byte[] encoded = Arrays.copyOfRange(bytes, start, start + position);
            return new Instruction(address, encoded, prefixWord(mnemonic), mnemonic, operands,
                    flow(mnemonic, operands));
        }

        /** Legacy prefixes and REX; returns the first opcode byte. */
        private int prefixes() {
            while (true) {
                int b = next();
                switch (b) {
                    case 0x66 -> operandSize16 = true;
                    case 0x67 -> addressSize32 = true;
                    case 0xf0 -> lock = true;
                    case 0xf2, 0xf3 -> repeat = b;
                    case 0x26 -> segment = "es";
                    case 0x2e -> segment = "cs";
                    case 0x36 -> segment = "ss";
                    case 0x3e -> segment = "ds";
                    case 0x64 -> segment = "fs";
                    case 0x65 -> segment = "gs";
                    default -> {
                        if ((b & 0xf0) == 0x40) {
                            rex = b;   // only a REX right before the opcode counts: a later one replaces it
                            int following = peek();
                            if (isLegacyPrefix(following)) {
                                rex = -1;   // a legacy prefix after REX makes the REX ignored (SDM 2.2.1)
                            }
                            continue;
                        }
                        return b;
                    }
                }
                rex = -1;
            }
        }

        private int peek() {
            return position < limit ? bytes[start + position] & 0xff : -1;
        }

        private static boolean isLegacyPrefix(int b) {
            return switch (b) {
                case 0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65 -> true;
                default -> false;
            };
        }

        private boolean rexW() {
            return rex >= 0 && (rex & 8) != 0;
        }

        private int rexR() {
            return rex >= 0 ? (rex & 4) << 1 : 0;
        }

        private int rexX() {
            return rex >= 0 ? (rex & 2) << 2 : 0;
        }

        private int rexB() {
            return rex >= 0 ? (rex & 1) << 3 : 0;
        }

        /**
         * A two-byte opcode: the table of its mandatory prefix (the last F2/F3, else 66) when it has
         * an entry there, which consumes that prefix; the unprefixed table otherwise.
         */
        private Opcode twoByteEntry(int opcode) {
            int mandatory = repeat == 0xf3 ? OpcodeMaps.PF3 : repeat == 0xf2 ? OpcodeMaps.PF2
                    : operandSize16 ? OpcodeMaps.P66 : OpcodeMaps.NONE;
            Opcode prefixed = mandatory == OpcodeMaps.NONE ? null : OpcodeMaps.TWO_BYTE[mandatory][opcode];
            if (prefixed != null) {
                if (mandatory == OpcodeMaps.P66) {
                    operandSize16 = false;
                } else {
                    repeat = 0;
                }
                return prefixed;
            }
            return OpcodeMaps.TWO_BYTE[OpcodeMaps.NONE][opcode];
        }

        /** 90: nop; pause with F3; xchg with REX.B (xchg eax,r8d) or 66 (xchg ax,ax, a two-byte nop). */
        private Opcode nop() {
            if (rexB() != 0 || operandSize16) {
                return Opcode.of("xchg", "Zv,rAX");
            }
            if (repeat == 0xf3) {
                repeat = 0;
                return Opcode.of("pause", "");
            }
            return OpcodeMaps.ONE_BYTE[0x90];
        }

        /** The operand size in bytes for v-sized operands: REX.W 8, 66 2, else 4 (8 for default-64 instructions). */
        private int operandSize(Opcode entry) {
            if (rexW()) {
                return 8;
            }
            if (operandSize16) {
                return 2;
            }
            return entry.isDefault64() ? 8 : 4;
        }

        /** The size that picks among a mnemonic's forms: movd|movq follow REX.W alone. */
        private int sizeForMnemonic(Opcode entry, int size) {
            for (Spec spec : entry.operands()) {
                if (spec.size() == Spec.Size.Y || spec.size() == Spec.Size.Q16) {
                    return rexW() ? 8 : 4;
                }
            }
            return size;
        }

        private int bytesOf(Spec.Size size, int operandSize) {
            return switch (size) {
                case NONE -> 0;
                case BYTE -> 1;
                case WORD -> 2;
                case DWORD -> 4;
                case QWORD -> 8;
                case XMM -> 16;
                case FAR -> operandSize == 8 ? 10 : operandSize + 2;
                case V, BS -> operandSize;
                case Y -> rexW() ? 8 : 4;
                case Z -> operandSize == 2 ? 2 : 4;
                case Q16 -> rexW() ? 16 : 8;
            };
        }

        private Operand operand(Spec spec, int operandSize) {
            int size = bytesOf(spec.size(), operandSize);
            return switch (spec.kind()) {
                case E -> isRegisterForm() ? register(rm(), size) : memory(size);
                case M -> isRegisterForm() ? null : memory(size);
                case G -> register(reg(), size);
                case R -> isRegisterForm() ? register(rm(), size) : null;
                case W -> isRegisterForm() ? new Operand.Register(Registers.xmm(rm())) : memory(size);
                case V -> new Operand.Register(Registers.xmm(reg()));
                case Q -> isRegisterForm() ? new Operand.Register(Registers.mmx(rm())) : memory(size);
                case P -> new Operand.Register(Registers.mmx(reg()));
                case C -> new Operand.Register(Registers.control(reg()));
                case D -> new Operand.Register(Registers.debug(reg()));
                case S -> {
                    String name = Registers.segment(modrm >>> 3 & 7);
                    yield name == null ? null : new Operand.Register(name);
                }
                case Z -> register((bytes[start + position - 1] & 7) | rexB(), size);
                case I -> immediate(spec, size, operandSize);
                case J -> {
                    long displacement = signed(size);
                    yield new Operand.BranchTarget(address + position + displacement);
                }
                case O -> {
                    long at = addressSize32 ? signed(4) & 0xffffffffL : signed(8);
                    yield new Operand.Memory(size, segment, null, null, 1, at, false);
                }
                case X -> stringOperand(size, "rsi", "esi", segment);
                case Y -> stringOperand(size, "rdi", "edi", null);
                case FIXED -> fixed(spec, operandSize);
            };
        }

        private boolean isRegisterForm() {
            return modrm >>> 6 == 3;
        }

        private int reg() {
            return (modrm >>> 3 & 7) | rexR();
        }

        private int rm() {
            return (modrm & 7) | rexB();
        }

        private Operand register(int number, int size) {
            return new Operand.Register(Registers.general(number, size, rex >= 0));
        }

        private Operand stringOperand(int size, String register64, String register32, String override) {
            return new Operand.Memory(size, override, addressSize32 ? register32 : register64, null, 1, 0, false);
        }

        private Operand fixed(Spec spec, int operandSize) {
            return switch (spec) {
                case AL -> new Operand.Register("al");
                case CL -> new Operand.Register("cl");
                case DX -> new Operand.Register("dx");
                case FS -> new Operand.Register("fs");
                case GS -> new Operand.Register("gs");
                case rAX -> register(0, operandSize);
                case eAX -> register(0, operandSize == 2 ? 2 : 4);
                case ONE -> new Operand.Immediate(1, 1);
                case THREE -> new Operand.Immediate(3, 1);
                default -> throw new IllegalStateException("not a fixed operand: " + spec);
            };
        }

        /**
         * Immediates as WinDbg shows them: at their own size, except that Iz with a 64-bit operand
         * and Ibs are sign-extended to the operand size (81 /0 id, 83 /0 ib, 6A ib, C7 /0 id).
         */
        private Operand immediate(Spec spec, int size, int operandSize) {
            return switch (spec.size()) {
                case BS -> new Operand.Immediate(mask(signed(1), operandSize), operandSize);
                case Z -> new Operand.Immediate(mask(signed(size), operandSize), operandSize);
                case V -> new Operand.Immediate(mask(signed(operandSize), operandSize), operandSize);
                default -> new Operand.Immediate(mask(signed(size), size), size);
            };
        }

        private static long mask(long value, int size) {
            return size >= 8 ? value : value & ((1L << 8 * size) - 1);
        }

        /** The memory operand of ModRM (with SIB and displacement), read once however many specs use it. */
        private Operand memory(int size) {
            if (memory == null) {
                memory = decodeMemory();
            }
            return new Operand.Memory(size, memory.segment(), memory.base(), memory.index(), memory.scale(),
                    memory.displacement(), memory.ripRelative());
        }

        private Operand.Memory decodeMemory() {
            int mod = modrm >>> 6;
            int rm = modrm & 7;
            String base = null;
            String index = null;
            int scale = 1;
            long displacement = 0;
            int addressSize = addressSize32 ? 4 : 8;
            if (rm == 4) {
                int sib = next();
                scale = 1 << (sib >>> 6);
                int indexNumber = (sib >>> 3 & 7) | rexX();
                if (indexNumber != 4) {
                    index = Registers.general(indexNumber, addressSize, true);
                }
                int baseNumber = sib & 7;
                if (baseNumber == 5 && mod == 0) {
                    displacement = signed(4);
                } else {
                    base = Registers.general(baseNumber | rexB(), addressSize, true);
                }
            } else if (rm == 5 && mod == 0) {
                ripRelative = true;
                displacement = signed(4);
                return new Operand.Memory(0, segment, null, null, 1, displacement, true);
            } else {
                base = Registers.general(rm | rexB(), addressSize, true);
            }
            if (mod == 1) {
                displacement = signed(1);
            } else if (mod == 2) {
                displacement = signed(4);
            }
            return new Operand.Memory(0, segment, base, index, scale, displacement, false);
        }

        /** A rip-relative displacement counts from the end of the instruction, known only now. */
        private void resolveRipRelative(List<Operand> operands) {
            long next = address + position;
            for (int i = 0; i < operands.size(); i++) {
                if (operands.get(i) instanceof Operand.Memory m && m.ripRelative()) {
                    operands.set(i, new Operand.Memory(m.size(), m.segment(), null, null, 1, next + m.displacement(), true));
                }
            }
        }

        /**
         * The prefix word WinDbg prints before the mnemonic: lock; rep, repe or repne before string
         * instructions; rep before anything else F3 precedes ({@code rep ret}).
         */
        private String prefixWord(String mnemonic) {
            List<String> words = new ArrayList<>();
            if (lock) {
                words.add("lock");
            }
            if (repeat != 0) {
                boolean compares = mnemonic.equals("cmps") || mnemonic.equals("scas");
                if (repeat == 0xf2) {
                    words.add("repne");
                } else {
                    words.add(compares ? "repe" : "rep");
                }
            }
            return String.join(" ", words);
        }

        private static Flow flow(String mnemonic, List<Operand> operands) {
            boolean direct = !operands.isEmpty() && operands.get(0) instanceof Operand.BranchTarget;
            return switch (mnemonic) {
                case "ret", "retf", "iret", "iretd", "iretq", "sysret", "sysexit" -> Flow.RETURN;
                case "call" -> Flow.CALL;
                case "jmp" -> direct ? Flow.JUMP : Flow.INDIRECT_JUMP;
                default -> direct ? Flow.CONDITIONAL : Flow.NEXT;
            };
        }
    }
}
