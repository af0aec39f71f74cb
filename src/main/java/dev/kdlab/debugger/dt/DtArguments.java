package dev.kdlab.debugger.dt;

import dev.kdlab.debugger.CommandException;
import dev.kdlab.lang.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.MasmEvaluator;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.lang.ExpressionEnvironment;
import dev.kdlab.types.StructType;
import dev.kdlab.types.Type;
import dev.kdlab.types.TypeCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Reads dt's command line (Microsoft Learn, "dt (Display Type)"):
 * {@code dt [-DisplayOpts] [-SearchOpts] [module!]Name [[-SearchOpts] Field] [Address] [-l List]}, and the
 * address-first form {@code dt 0xffff8b8e`143fc870 _SEP_LOGON_SESSION_REFERENCES} (transcript 2.7).
 *
 * <p>After the type, a word is the address when it looks like an expression (starts with a digit, {@code @},
 * {@code (} or {@code $}, names a symbol with {@code !}, or is made of hex digits only: the docs say to use -n for
 * such a field name), or when it names no member but evaluates; any other word is a field.
 */
public final class DtArguments {
    private static final String UNSUPPORTED = "dt: option %s is not supported by kdlab (supported: -r[N] -b -v -y -n -l)";

    private final Supplier<ArgumentScanner> scanners;
    private final ExpressionEnvironment env;
    private final TypeCatalog catalog;

    /** {@code scanners} gives a fresh scanner over the same arguments each time it is called. */
    public DtArguments(Supplier<ArgumentScanner> scanners, ExpressionEnvironment env, TypeCatalog catalog) {
        this.scanners = scanners;
        this.env = env;
        this.catalog = catalog;
    }

    public DtRequest parse() throws CommandException, ExpressionException, SyntaxErrorException {
        boolean addressFirst = addressComesFirst();
        ArgumentScanner in = scanners.get();
        int recursion = 0;
        boolean blocks = false;
        boolean verbose = false;
        String listField = null;
        Resolved type = null;
        OptionalLong address = OptionalLong.empty();
        List<FieldSelector> selectors = new ArrayList<>();
        while (!in.atEnd()) {
            Optional<String> option = in.nextOption();
            if (option.isPresent()) {
                String o = option.get();
                String lower = o.toLowerCase(Locale.ROOT);
                if (lower.matches("-r[1-9]?")) {
                    recursion = o.length() == 2 ? DtOptions.DEFAULT_RECURSION : o.charAt(2) - '0';
                } else if (lower.equals("-b")) {
                    blocks = true;
                } else if (lower.equals("-v")) {
                    verbose = true;
                } else if (lower.equals("-e")) {
                    continue;   // "force dt to enumerate types": a name is always a type here
                } else if (lower.equals("-y") || lower.equals("-n")) {
                    String word = in.nextWord();
                    if (type == null && !addressFirst) {
                        type = resolve(word).orElseThrow(() -> notFound(word));
                    } else {
                        selectors.add(FieldSelector.parse(word, lower.equals("-y")));
                    }
                } else if (lower.equals("-l")) {
                    listField = in.nextWord();
                } else {
                    throw new CommandException(String.format(UNSUPPORTED, o));
                }
                continue;
            }
            String word = in.peekWord().orElse("");
            if (addressFirst && address.isEmpty()) {
                address = OptionalLong.of(in.nextWordExpression());
            } else if (type == null) {
                in.nextWord();
                type = resolve(word).orElseThrow(() -> notFound(word));
            } else if (address.isEmpty() && isAddress(word, type.type())) {
                address = OptionalLong.of(in.nextWordExpression());
            } else {
                selectors.add(FieldSelector.parse(in.nextWord(), false));
            }
        }
        if (type == null) {
            throw new CommandException("Usage: dt [-DisplayOpts] [-SearchOpts] [module!]Name [[-SearchOpts] Field] [Address] [-l List]");
        }
        DtOptions options = new DtOptions(recursion, blocks, verbose, listField);
        return new DtRequest(type.type(), type.qualified(), address, selectors, options);
    }

    /** {@code dt 0xffff8b8e`143fc870 _SEP_LOGON_SESSION_REFERENCES}: the first word is no type, a later one is. */
    private boolean addressComesFirst() {
        ArgumentScanner in = scanners.get();
        List<String> words = new ArrayList<>();
        while (!in.atEnd()) {
            Optional<String> option = in.nextOption();
            if (option.isPresent()) {
                String lower = option.get().toLowerCase(Locale.ROOT);
                if (lower.equals("-y") || lower.equals("-n") || lower.equals("-l")) {
                    in.nextWord();
                }
                continue;
            }
            words.add(in.nextWord());
        }
        if (words.size() < 2 || resolve(words.get(0)).isPresent() || resolve(words.get(1)).isEmpty()) {
            return false;
        }
        return evaluates(words.get(0));
    }

    private boolean isAddress(String word, Type type) {
        if (word.isEmpty()) {
            return false;
        }
        char first = word.charAt(0);
        if (Character.isDigit(first) || first == '@' || first == '(' || first == '$' || word.contains("!")) {
            return true;
        }
        if (word.replace("`", "").matches("[0-9a-fA-F]+")) {
            return true;
        }
        if (type instanceof StructType s && StructPrinter.anyResolves(s, List.of(FieldSelector.parse(word, false)))) {
            return false;
        }
        return evaluates(word);
    }

    private boolean evaluates(String word) {
        try {
            MasmEvaluator.evaluate(word, env);
            return true;
        } catch (ExpressionException | SyntaxErrorException | RuntimeException e) {
            return false;
        }
    }

    /** {@code nt!_EPROCESS} (qualified), {@code _eprocess}; other modules have no types in kdlab. */
    private Optional<Resolved> resolve(String word) {
        int bang = word.indexOf('!');
        String name = bang < 0 ? word : word.substring(bang + 1);
        if (bang >= 0) {
            String module = word.substring(0, bang).toLowerCase(Locale.ROOT);
            if (!module.equals("nt") && !module.equals("ntkrnlmp")) {
                return Optional.empty();
            }
        }
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return catalog.find(name).map(t -> new Resolved(t, bang >= 0));
    }

    /** WinDbg: "Symbol nt!_MI_VERIFIER_DRIVER_ENTRY not found." (a !analyze transcript), the name as typed. */
    private static CommandException notFound(String word) {
        return new CommandException("Symbol " + word + " not found.");
    }

    private record Resolved(Type type, boolean qualified) {
    }
}
