package dev.kdlab.debugger;

import dev.kdlab.lang.expr.CppValue;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The pseudo-registers a session keeps (Microsoft Learn, debuggercmds, "Pseudo-Register Syntax"):
 * the user-defined {@code $t0}-{@code $t19} ({@code r $t0 = ...}; {@code r? $t0 = ...} also keeps the C++
 * type, so {@code @$t0->UniqueProcessId} reads through it), {@code $exp} (the last value {@code ?}
 * evaluated), {@code $extret} (what {@code !list} hands each command it runs) and {@code $callret}.
 * The automatic ones that read the target ({@code $proc}, {@code $ip} ...) are the session's.
 */
public final class PseudoRegisters {
    public static final int USER_REGISTERS = 20;

    private final long[] user = new long[USER_REGISTERS];
    private final CppValue[] typed = new CppValue[USER_REGISTERS];
    private long exp;
    private long extret;
    private long callret;

    /** The index of {@code $t0}..{@code $t19} (lower case, no '@'), or -1. */
    public static int userIndex(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("$t") || lower.length() < 3 || lower.length() > 4) {
            return -1;
        }
        for (int i = 2; i < lower.length(); i++) {
            if (!Character.isDigit(lower.charAt(i))) {
                return -1;
            }
        }
        int index = Integer.parseInt(lower.substring(2));
        return index < USER_REGISTERS && (lower.length() == 3 || lower.charAt(2) != '0') ? index : -1;
    }

    /** True for the pseudo-registers {@code r} may set: {@code $t0}-{@code $t19}. */
    public static boolean writable(String name) {
        return userIndex(name) >= 0;
    }

    /** {@code r $tN = value}: a plain number, which drops any C++ type the register had. */
    public void set(String name, long value) {
        int index = userIndex(name);
        user[index] = value;
        typed[index] = null;
    }

    /** {@code r? $tN = expression}: the value with its type. */
    public void setTyped(String name, CppValue value) {
        int index = userIndex(name);
        user[index] = value.asNumber();
        typed[index] = value;
    }

    OptionalLong get(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int index = userIndex(lower);
        if (index >= 0) {
            return OptionalLong.of(user[index]);
        }
        return switch (lower) {
            case "$exp" -> OptionalLong.of(exp);
            case "$extret" -> OptionalLong.of(extret);
            case "$callret" -> OptionalLong.of(callret);
            default -> OptionalLong.empty();
        };
    }

    Optional<CppValue> typed(String name) {
        int index = userIndex(name);
        return index < 0 ? Optional.empty() : Optional.ofNullable(typed[index]);
    }

    /** {@code ?} sets {@code $exp}. */
    public void setExpression(long value) {
        exp = value;
    }

    /** {@code !list} sets {@code $extret} to each element's address before it runs the element's commands. */
    public void setExtensionReturn(long value) {
        extret = value;
    }
}
