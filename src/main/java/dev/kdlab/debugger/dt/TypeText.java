package dev.kdlab.debugger.dt;

import dev.kdlab.types.EnumType;
import dev.kdlab.types.Field;
import dev.kdlab.types.PointerType;
import dev.kdlab.types.StructType;
import dev.kdlab.types.Type;

/** How a type-only dt line spells a member's type, plain ({@code Ptr64 Void}) or with -v. */
final class TypeText {
    private TypeText() {
    }

    /** The text of a type-only line, as {@code TypeLayoutPrinter} spells it: {@code Pos 12, 3 Bits}, {@code [15] UChar}. */
    static String plain(Field f) {
        if (f.isBitfield()) {
            return bits(f);
        }
        return f.type().typeText();
    }

    /**
     * With -v: {@code struct _LIST_ENTRY, 2 elements, 0x10 bytes}, {@code union <anonymous-tag>, 3 elements, 0x8 bytes},
     * {@code Enum _FILE_INFORMATION_CLASS,  76 total enums} (transcript of {@code dt -v -r 3 _IRP}); pointers, bitfields
     * and base types as without -v.
     */
    static String verbose(Field f) {
        if (f.isBitfield()) {
            return bits(f);
        }
        return verbose(f.type());
    }

    static String verbose(Type type) {
        if (type instanceof StructType s) {
            return header(s);
        }
        if (type instanceof EnumType e) {
            return "Enum " + e.name() + ",  " + e.constants().size() + " total enums";
        }
        return type.typeText();
    }

    /** The -v line under the type name: {@code struct _IRP, 23 elements, 0xd0 bytes}. */
    static String header(StructType s) {
        String name = s.isAnonymous() ? "<anonymous-tag>" : s.name();
        return (s.isUnion() ? "union " : "struct ") + name + ", " + s.fields().size() + " elements, 0x"
                + Long.toHexString(s.size()) + " bytes";
    }

    /** A pointer whose pointee dt could expand with -r (a struct with a layout). */
    static StructType pointedStruct(Type type) {
        if (type instanceof PointerType p && p.target() instanceof StructType s && !s.isOpaque()) {
            return s;
        }
        return null;
    }

    private static String bits(Field f) {
        return "Pos " + f.bitPosition() + ", " + f.bitLength() + (f.bitLength() == 1 ? " Bit" : " Bits");
    }
}
