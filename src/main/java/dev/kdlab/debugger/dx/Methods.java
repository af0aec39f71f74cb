package dev.kdlab.debugger.dx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code value.Name(arguments)} calls: a function the object holds as a property (FromListEntry), a LINQ
 * method of a collection or native array, a string method (Contains, StartsWith, EndsWith, ToLower, ToUpper,
 * IndexOf, Substring), or ToDisplayString([format]), which every value has.
 */
final class Methods {
    static final Map<String, String> STRING_HELP = new LinkedHashMap<>();
    static final String TO_DISPLAY_STRING_HELP = "ToDisplayString([FormatSpecifier]) - Method which converts the object"
            + " to its display string representation according to an optional format specifier";

    static {
        STRING_HELP.put("Contains", "Contains(OtherString) - Returns whether the string contains a given sub string");
        STRING_HELP.put("EndsWith", "EndsWith(OtherString) - Returns whether the string ends with a given string");
        STRING_HELP.put("IndexOf", "IndexOf(OtherString) - Returns the index of the first occurrence of a sub string, or -1");
        STRING_HELP.put("StartsWith", "StartsWith(OtherString) - Returns whether the string starts with a given string");
        STRING_HELP.put("Substring", "Substring(StartPos, [Length]) - Returns a sub string of the string");
        STRING_HELP.put("ToLower", "ToLower() - Returns a copy of the string converted to lowercase");
        STRING_HELP.put("ToUpper", "ToUpper() - Returns a copy of the string converted to uppercase");
    }

    private Methods() {
    }

    static ModelValue call(ModelValue target, String name, List<ModelValue> args, Runnable poll) {
        Optional<ModelValue> property = target instanceof ModelObject ? target.property(name) : Optional.empty();
        if (property.isPresent() && property.get() instanceof Callable function) {
            return function.call(args);
        }
        if (name.equals("ToDisplayString")) {
            return toDisplayString(target, args);
        }
        if (target instanceof StringValue s) {
            Optional<ModelValue> result = string(s.text(), name, args);
            if (result.isPresent()) {
                return result.get();
            }
        }
        Optional<ModelCollection> sequence = Linq.sequence(target, poll);
        if (sequence.isPresent()) {
            Optional<ModelValue> result = Linq.call(sequence.get(), name, args);
            if (result.isPresent()) {
                return result.get();
            }
        }
        throw ModelError.notFound();
    }

    /** The methods a value has, with their help, for {@code dx -v}. */
    static Map<String, String> of(ModelValue value, Runnable poll) {
        Map<String, String> methods = new LinkedHashMap<>();
        if (Linq.sequence(value, poll).isPresent()) {
            methods.putAll(Linq.HELP);
        }
        if (value instanceof StringValue) {
            methods.putAll(STRING_HELP);
        }
        methods.put("ToDisplayString", TO_DISPLAY_STRING_HELP);
        return methods;
    }

    private static ModelValue toDisplayString(ModelValue target, List<ModelValue> args) {
        Format format = Format.DEFAULT;
        if (args.size() > 1) {
            throw new ModelError("Incorrect number of arguments to method 'ToDisplayString'");
        }
        if (args.size() == 1) {
            Format.Radix radix = Format.radixOf(Values.text(args.get(0)));
            if (radix == null) {
                throw new ModelError("Invalid format specifier '" + Values.text(args.get(0)) + "'");
            }
            format = format.withRadix(radix);
        }
        String summary = target.summary(format);
        return new StringValue(summary == null ? "" : summary);
    }

    private static Optional<ModelValue> string(String text, String name, List<ModelValue> args) {
        ModelValue result = switch (name) {
            case "Contains" -> BoolValue.of(text.contains(argument(args, name)));
            case "StartsWith" -> BoolValue.of(text.startsWith(argument(args, name)));
            case "EndsWith" -> BoolValue.of(text.endsWith(argument(args, name)));
            case "IndexOf" -> NumberValue.signed(text.indexOf(argument(args, name)));
            case "ToLower" -> {
                none(args, name);
                yield new StringValue(text.toLowerCase(Locale.ROOT));
            }
            case "ToUpper" -> {
                none(args, name);
                yield new StringValue(text.toUpperCase(Locale.ROOT));
            }
            case "Substring" -> substring(text, args);
            default -> null;
        };
        return Optional.ofNullable(result);
    }

    private static ModelValue substring(String text, List<ModelValue> args) {
        if (args.isEmpty() || args.size() > 2) {
            throw new ModelError("Incorrect number of arguments to method 'Substring'");
        }
        long start = Values.longValue(args.get(0));
        long length = args.size() == 2 ? Values.longValue(args.get(1)) : text.length() - start;
        if (start < 0 || length < 0 || start + length > text.length()) {
            throw ModelError.outOfRange();
        }
        return new StringValue(text.substring((int) start, (int) (start + length)));
    }

    private static String argument(List<ModelValue> args, String method) {
        if (args.size() != 1) {
            throw new ModelError("Incorrect number of arguments to method '" + method + "'");
        }
        return Values.text(args.get(0));
    }

    private static void none(List<ModelValue> args, String method) {
        if (!args.isEmpty()) {
            throw new ModelError("Incorrect number of arguments to method '" + method + "'");
        }
    }
}
