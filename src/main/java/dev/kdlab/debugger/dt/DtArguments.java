package dev.kdlab.debugger.dt;

import dev.kdlab.debugger.CommandException;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.expr.ExpressionEnvironment;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.expr.MasmEvaluator;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.types.StructType;
import dev.kdlab.types.Type;
import dev.kdlab.types.TypeLookup;
import dev.kdlab.types.WildcardPattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Reads dt's command line (Microsoft Learn, "dt (Display Type)"):
 * {@code dt [-DisplayOpts] [-SearchOpts] [module!]Name [[-SearchOpts] Field] [Address] [-l List]}, and the
 * address-first form {@code dt 0xffff8b8e`143fc870 _SEP_LOGON_SESSION_REFERENCES} (transcript 2.7).
 *
 * <p>Option letters may be glued together, as in the docs' {@code -ca10} and {@code -yoi}: {@code -r[N]}, {@code -a[N]},
 * {@code -b}, {@code -c}, {@code -i}, {@code -o}, {@code -v}, {@code -e}, {@code -s SIZE} (or {@code -sSIZE}; a MASM
 * expression), and {@code -y}, {@code -n}, {@code -l}, which take the next word.
 *
 * <p>A name with {@code *} or {@code ?} ({@code nt!*PROCESS*}) asks for the list of matching types. After the type, a
 * word is the address when it looks like an expression (starts with a digit, {@code @}, {@code (} or {@code $}, names
 * a symbol with {@code !}, or is made of hex digits only: the docs say to use -n for such a field name), or when it
 * names no member but evaluates; any other word is a field. A {@code -y} or {@code -n} before the name gives the
 * name itself (as exact as without it: kdlab does not list types by prefix there).
 *
 * <p>One instance reads one command line: {@link #parse()} collects into its fields.
 */
public final class DtArguments {
    private static final String UNSUPPORTED =
            "dt: option %s is not supported by kdlab (supported: -a[N] -b -c -e -i -o -r[N] -s Size -v -y -n -l)";

    private final Supplier<ArgumentScanner> scanners;
    private final ExpressionEnvironment env;
    private final TypeLookup types;

    // what the options said so far
    private int recursion;
    private boolean blocks;
    private boolean verbose;
    private boolean compact;
    private boolean noIndent;
    private boolean omitOffsets;
    private int arrayElements;
    private boolean instanceArray;
    private OptionalLong size = OptionalLong.empty();
    private String listField;
    private String typeWord;
    private TypeLookup.Found type;
    private final List<FieldSelector> selectors = new ArrayList<>();

    /** {@code scanners} gives a fresh scanner over the same arguments each time it is called. */
    public DtArguments(Supplier<ArgumentScanner> scanners, ExpressionEnvironment env, TypeLookup types) {
        this.scanners = scanners;
        this.env = env;
        this.types = types;
    }

    public DtAction parse() throws CommandException, ExpressionException, SyntaxErrorException {
        boolean addressFirst = addressComesFirst();
        ArgumentScanner in = scanners.get();
        OptionalLong address = OptionalLong.empty();
        while (!in.atEnd()) {
            Optional<String> option = in.nextOption();
            if (option.isPresent()) {
                readOption(option.get(), in, addressFirst);
                continue;
            }
            String word = in.peekWord().orElse("");
            if (addressFirst && address.isEmpty()) {
                address = OptionalLong.of(in.nextWordExpression());
            } else if (typeWord == null) {
                name(in.nextWord());
            } else if (type != null && address.isEmpty() && isAddress(word, type.type())) {
                address = OptionalLong.of(in.nextWordExpression());
            } else {
                in.nextWord();
                if (!word.equals("*")) {   // a lone "*" matches every member: the same as no field argument
                    selectors.add(FieldSelector.parse(word, false));
                }
            }
        }
        if (typeWord == null) {
            throw new CommandException("Usage: dt [-DisplayOpts] [-SearchOpts] [module!]Name [[-SearchOpts] Field] [Address] [-l List]");
        }
        if (type == null) {
            return new DtTypeSearch(typeWord, size);
        }
        DtOptions options = new DtOptions(recursion, blocks, verbose, listField, compact, noIndent, omitOffsets,
                arrayElements, instanceArray);
        return new DtRequest(type.type(), type.header(), address, selectors, options);
    }

    /** The type's name, or a pattern for a type search. */
    private void name(String word) throws CommandException {
        typeWord = word;
        if (WildcardPattern.isPattern(word)) {
            return;
        }
        type = types.find(word).orElseThrow(() -> notFound(word));
    }

    /** One option word: its letters, left to right; y, n and l take the next word, s the next one unless glued. */
    private void readOption(String option, ArgumentScanner in, boolean addressFirst)
            throws CommandException, ExpressionException, SyntaxErrorException {
        int i = 1;
        while (i < option.length()) {
            char letter = Character.toLowerCase(option.charAt(i++));
            switch (letter) {
                case 'r' -> {
                    // -r takes one digit (1-9); -r alone is dt's default depth
                    boolean depth = i < option.length() && Character.isDigit(option.charAt(i));
                    recursion = depth ? option.charAt(i++) - '0' : DtOptions.DEFAULT_RECURSION;
                }
                case 'a' -> {
                    int digits = digitsAt(option, i);
                    // subscripts and counts are always decimal (docs: "dt -ca10 ULONG" shows [0] to [9])
                    // a count past nine digits is more elements than any array has: all of them
                    arrayElements = digits == 0 ? DtOptions.ALL_ELEMENTS
                            : digits > 9 ? Integer.MAX_VALUE : Integer.parseInt(option.substring(i, i + digits));
                    instanceArray = typeWord == null;
                    i += digits;
                }
                case 's' -> {
                    // the rest of the word ("-s0x10", the docs' "-ssize"), else the next word
                    String amount = i < option.length() ? option.substring(i) : in.nextWord();
                    size = OptionalLong.of(MasmEvaluator.evaluate(amount, env));
                    i = option.length();
                }
                case 'b' -> blocks = true;
                case 'c' -> compact = true;
                case 'i' -> noIndent = true;
                case 'o' -> omitOffsets = true;
                case 'v' -> verbose = true;
                case 'e' -> {
                    // "force dt to enumerate types": a name is always a type here
                }
                case 'y', 'n' -> {
                    String word = in.nextWord();
                    if (typeWord == null && !addressFirst) {
                        name(word);
                    } else {
                        selectors.add(FieldSelector.parse(word, letter == 'y'));
                    }
                }
                case 'l' -> listField = in.nextWord();
                default -> throw new CommandException(String.format(UNSUPPORTED, option));
            }
        }
    }

    private static int digitsAt(String text, int from) {
        int end = from;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return end - from;
    }

    /** How many words after an option word belong to it: one for each of y, n, l, and for an s that ends the word. */
    private static int wordsTaken(String option) {
        int words = 0;
        for (int i = 1; i < option.length(); i++) {
            char letter = Character.toLowerCase(option.charAt(i));
            if (letter == 's') {
                return words + (i + 1 == option.length() ? 1 : 0);   // the rest of the word is the size
            }
            if (letter == 'y' || letter == 'n' || letter == 'l') {
                words++;
            }
        }
        return words;
    }

    /** {@code dt 0xffff8b8e`143fc870 _SEP_LOGON_SESSION_REFERENCES}: the first word is no type, a later one is. */
    private boolean addressComesFirst() {
        ArgumentScanner in = scanners.get();
        List<String> words = new ArrayList<>();
        while (!in.atEnd()) {
            Optional<String> option = in.nextOption();
            if (option.isPresent()) {
                for (int taken = wordsTaken(option.get()); taken > 0; taken--) {
                    in.nextWord();
                }
                continue;
            }
            words.add(in.nextWord());
        }
        if (words.size() < 2 || WildcardPattern.isPattern(words.get(0)) || types.find(words.get(0)).isPresent()
                || types.find(words.get(1)).isEmpty()) {
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

    /** WinDbg: "Symbol nt!_MI_VERIFIER_DRIVER_ENTRY not found." (a !analyze transcript), the name as typed. */
    private static CommandException notFound(String word) {
        return new CommandException("Symbol " + word + " not found.");
    }
}
