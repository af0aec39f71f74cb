package dev.kdlab.debugger.dx;

import dev.kdlab.types.ArrayType;
import dev.kdlab.types.BaseType;
import dev.kdlab.types.EnumType;
import dev.kdlab.types.Field;
import dev.kdlab.types.FunctionType;
import dev.kdlab.types.PointerType;
import dev.kdlab.types.StructType;
import dev.kdlab.types.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalog's types as dx names and lays them out: C names for the base types ({@code unsigned long},
 * {@code unsigned __int64}, {@code void *}, {@code unsigned char [15]}, transcripts 2.10), structures by
 * their tag ({@code _EPROCESS}, no "struct"), and the members of a structure with those of its anonymous
 * unions and structures brought up to its own level, each at its offset from the structure's start
 * ({@code [+0x4b0] ExceptionPortData}, {@code [+0x4b0 ( 2: 0)] ExceptionPortState}).
 */
public final class NativeTypes {
    /** A member as dx lists it: its offset from the outer structure's start. */
    record Member(Field field, long offset) {
    }

    private static final Map<StructType, List<Member>> MEMBERS = new ConcurrentHashMap<>();

    private NativeTypes() {
    }

    static String name(Type type) {
        if (type instanceof BaseType base) {
            return switch (base.name()) {
                case "UChar" -> "unsigned char";
                case "Char" -> "char";
                case "Uint2B" -> "unsigned short";
                case "Int2B" -> "short";
                case "Wchar" -> "wchar_t";
                case "Uint4B" -> "unsigned long";
                case "Int4B" -> "long";
                case "Uint8B" -> "unsigned __int64";
                case "Int8B" -> "__int64";
                case "Float" -> "float";
                case "Double" -> "double";
                default -> "void";
            };
        }
        if (type instanceof PointerType pointer) {
            return name(pointer.target()) + " *";
        }
        if (type instanceof ArrayType array) {
            return name(array.element()) + " [" + array.count() + "]";
        }
        if (type instanceof StructType struct) {
            return struct.name();
        }
        if (type instanceof EnumType e) {
            return e.name();
        }
        if (type instanceof FunctionType) {
            return "void __cdecl(void)";
        }
        return "void";
    }

    /** The C spellings of base types a cast may name ({@code unsigned long}, {@code __int64}, {@code int}). */
    public static Optional<Type> cName(String words) {
        BaseType type = switch (words) {
            case "char", "signed char" -> BaseType.CHAR;
            case "unsigned char", "bool", "BOOLEAN" -> BaseType.UCHAR;
            case "short", "signed short" -> BaseType.INT2B;
            case "unsigned short" -> BaseType.UINT2B;
            case "wchar_t" -> BaseType.WCHAR;
            case "int", "signed int", "signed", "long", "signed long" -> BaseType.INT4B;
            case "unsigned int", "unsigned", "unsigned long" -> BaseType.UINT4B;
            case "__int64", "long long", "int64", "signed __int64" -> BaseType.INT8B;
            case "unsigned __int64", "unsigned long long", "unsigned int64" -> BaseType.UINT8B;
            case "float" -> BaseType.FLOAT;
            case "double" -> BaseType.DOUBLE;
            case "void" -> BaseType.VOID;
            default -> null;
        };
        return Optional.ofNullable(type);
    }

    static boolean isScalar(Type type) {
        return type instanceof PointerType || type instanceof EnumType
                || type instanceof BaseType base && base.kind() != BaseType.Kind.VOID && base.kind() != BaseType.Kind.FLOAT;
    }

    static boolean isSigned(Type type) {
        return type instanceof EnumType || type instanceof BaseType base && base.signed()
                && base.kind() != BaseType.Kind.WCHAR;
    }

    static boolean isVoid(Type type) {
        return type instanceof BaseType base && base.kind() == BaseType.Kind.VOID;
    }

    /** The members dx lists for a structure, anonymous members flattened, in declaration order. */
    static List<Member> members(StructType struct) {
        List<Member> known = MEMBERS.get(struct);
        if (known == null) {
            List<Member> members = new ArrayList<>();
            flatten(struct, 0, members);
            known = List.copyOf(members);
            MEMBERS.put(struct, known);
        }
        return known;
    }

    private static void flatten(StructType struct, long base, List<Member> into) {
        for (Field field : struct.fields()) {
            if (field.isAnonymousMember()) {
                flatten((StructType) field.type(), base + field.offset(), into);
            } else {
                into.add(new Member(field, base + field.offset()));
            }
        }
    }

    /** A member by its exact name (dx names are case-sensitive), the first in declaration order. */
    static Optional<Member> member(StructType struct, String name) {
        for (Member m : members(struct)) {
            if (m.field().name().equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
