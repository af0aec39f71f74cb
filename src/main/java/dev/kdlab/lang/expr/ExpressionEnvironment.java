package dev.kdlab.lang.expr;

import dev.kdlab.types.Type;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where the values of an expression come from: symbols, registers, memory and types.
 * Implemented by the debugger session (over a Target).
 */
public interface ExpressionEnvironment {

    /**
     * The address of a symbol. {@code module} is null for an unqualified name ({@code PsActiveProcessHead},
     * {@code !BadFeed}); otherwise it is written as the user typed it ({@code nt}, {@code NT}).
     * Module and symbol names are case-insensitive. Empty when unknown.
     */
    OptionalLong symbol(String module, String name);

    /**
     * The value of a register or pseudo-register, named in lower case without '@':
     * {@code rax}, {@code cr3}, {@code $proc}, {@code $thread}, {@code $peb}, {@code $teb},
     * {@code $ip} (also what '.' means), {@code $csp}, {@code $ptrsize}, {@code $pagesize}, {@code $t0}.
     * Empty when unknown.
     */
    OptionalLong register(String name);

    /**
     * Reads {@code size} (1, 2, 4 or 8) bytes at a virtual address in the current context,
     * little endian, zero-extended. Used by poi, by, wo, dwo, qwo and $vvalid.
     */
    long readMemory(long address, int size) throws MemoryReadException;

    /** Reads {@code size} bytes of physical memory, for $pby, $pwo, $pdwo, $pqwo and $ppoi. */
    default long readPhysical(long address, int size) throws MemoryReadException {
        throw new MemoryReadException(address);
    }

    /** The target's pointer size in bytes; poi reads this many. */
    default int pointerSize() {
        return 8;
    }

    /** The default radix of numbers ({@code n 10}); 16 unless changed. */
    default int radix() {
        return 16;
    }

    /** True after {@code .expr /s c++}: command arguments and conditions are C++ expressions. */
    default boolean cppDefault() {
        return false;
    }

    /**
     * The offset of a (possibly dotted) field in a type, for {@code #FIELD_OFFSET(nt!_EPROCESS, Token)}.
     * {@code type} is written as typed ({@code nt!_EPROCESS} or {@code _EPROCESS}). Empty when unknown.
     */
    default OptionalLong fieldOffset(String type, String field) {
        return OptionalLong.empty();
    }

    /** The size of a type, for {@code sizeof}. Empty when unknown. */
    default OptionalLong typeSize(String type) {
        return OptionalLong.empty();
    }

    /** A named type of the catalog ({@code nt!_EPROCESS}, {@code _LIST_ENTRY}, {@code ULONG}); empty when unknown. */
    default Optional<Type> namedType(String written) {
        return Optional.empty();
    }

    /** The type the symbols say a global has ({@code nt!PsActiveProcessHead} is a {@code _LIST_ENTRY}); empty when untyped. */
    default Optional<Type> symbolType(String module, String name) {
        return Optional.empty();
    }

    /**
     * A register's value with its C++ type, where it has one: {@code $proc} is a {@code struct _EPROCESS *}, and a
     * pseudo-register set with {@code r?} keeps the type it was given. Empty for plain (unsigned int64) registers.
     */
    default Optional<CppValue> typedRegister(String name) {
        return Optional.empty();
    }
}
