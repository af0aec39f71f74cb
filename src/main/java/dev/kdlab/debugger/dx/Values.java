package dev.kdlab.debugger.dx;

/**
 * What the operators and LINQ see in a value: a number (a model number, a boolean, a native scalar read
 * from memory), a string, or a truth value, with C's usual arithmetic conversions for two numbers.
 */
public final class Values {
    /** A number and how C types it: signed or not, its width in bytes, and whether it is a pointer. */
    record Num(long value, boolean signed, int size, boolean pointer) {
    }

    private Values() {
    }

    static boolean isNumber(ModelValue v) {
        return v instanceof NumberValue || v instanceof BoolValue
                || v instanceof NativeValue n && n.isScalar();
    }

    static Num number(ModelValue v) {
        if (v instanceof NumberValue n) {
            return new Num(n.value(), n.signed(), n.size(), false);
        }
        if (v instanceof BoolValue b) {
            return new Num(b.value() ? 1 : 0, true, 4, false);
        }
        if (v instanceof NativeValue n && n.isScalar()) {
            return new Num(n.read(), n.signed(), n.size(), n.isPointer());
        }
        throw ModelError.invalidOperation("the value is not a number");
    }

    public static long longValue(ModelValue v) {
        return number(v).value();
    }

    /** The C type both operands convert to: at least int; unsigned when the unsigned one is as wide. */
    static Num common(Num a, Num b) {
        int size = Math.max(4, Math.max(a.size(), b.size()));
        boolean signed;
        if (a.signed() == b.signed()) {
            signed = a.signed();
        } else {
            Num s = a.signed() ? a : b;
            Num u = a.signed() ? b : a;
            signed = s.size() > u.size() && s.size() >= size;
        }
        return new Num(0, signed && !a.pointer() && !b.pointer(), size, false);
    }

    public static String text(ModelValue v) {
        if (v instanceof StringValue s) {
            return s.text();
        }
        throw ModelError.invalidOperation("the value is not a string");
    }

    /** A condition's truth: a boolean, or a number that is not zero. */
    static boolean truth(ModelValue v) {
        if (v instanceof BoolValue b) {
            return b.value();
        }
        if (v instanceof NullValue) {
            return false;
        }
        return number(v).value() != 0;
    }

    static boolean equal(ModelValue a, ModelValue b) {
        if (a instanceof StringValue x && b instanceof StringValue y) {
            return x.text().equals(y.text());
        }
        if (a instanceof NullValue || b instanceof NullValue) {
            return a == b || isNumber(a == NullValue.NULL ? b : a) && number(a == NullValue.NULL ? b : a).value() == 0;
        }
        if (isNumber(a) && isNumber(b)) {
            return compareNumbers(number(a), number(b)) == 0;
        }
        if (a instanceof NativeValue x && b instanceof NativeValue y && x.isLvalue() && y.isLvalue()) {
            return x.address() == y.address() && x.type().equals(y.type());
        }
        return a == b;
    }

    /** The order of two strings (ordinal), two numbers (in their common type) or two booleans. */
    static int compare(ModelValue a, ModelValue b) {
        if (a instanceof StringValue x && b instanceof StringValue y) {
            return x.text().compareTo(y.text());
        }
        if (isNumber(a) && isNumber(b)) {
            return compareNumbers(number(a), number(b));
        }
        throw ModelError.invalidOperation("the values cannot be compared");
    }

    static int compareNumbers(Num a, Num b) {
        Num type = common(a, b);
        long x = normalize(a.value(), type);
        long y = normalize(b.value(), type);
        return type.signed() ? Long.compare(x, y) : Long.compareUnsigned(x, y);
    }

    /** A value cut to the type's width, sign-extended when signed. */
    static long normalize(long value, Num type) {
        if (type.size() >= 8) {
            return value;
        }
        int shift = 64 - 8 * type.size();
        return type.signed() ? value << shift >> shift : value << shift >>> shift;
    }

    /**
     * A hash consistent with {@link #sameKey}: a string's text, a number's low 32 bits (two numbers equal in their
     * common type agree there; null as zero), or null for a value only compared one by one.
     */
    static Object hashKey(ModelValue key) {
        if (key instanceof StringValue s) {
            return s.text();
        }
        if (key instanceof NullValue) {
            return 0; // null equals a zero number (equal), so it hashes with one
        }
        if (isNumber(key)) {
            try {
                return (int) number(key).value();
            } catch (RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    /** Keys match when they are equal numbers or equal strings. */
    static boolean sameKey(ModelValue key, ModelValue wanted) {
        try {
            return equal(key, wanted);
        } catch (ModelError e) {
            return false;
        }
    }
}
