package dev.kdlab.lang;

import java.util.OptionalLong;

/**
 * Where the values of a MASM expression come from: symbols, registers, memory and types.
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

    /** The target's pointer size in bytes; poi reads this many. */
    default int pointerSize() {
        return 8;
    }

    /**
     * The offset of a (possibly dotted) field in a type, for {@code #FIELD_OFFSET(nt!_EPROCESS, Token)}.
     * {@code type} is written as typed ({@code nt!_EPROCESS} or {@code _EPROCESS}). Empty when unknown.
     */
    default OptionalLong fieldOffset(String type, String field) {
        return OptionalLong.empty();
    }

    /** The size of a type, for the C++ {@code sizeof} inside {@code @@c++( )}. Empty when unknown. */
    default OptionalLong typeSize(String type) {
        return OptionalLong.empty();
    }
}
