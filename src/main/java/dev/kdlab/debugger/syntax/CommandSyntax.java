package dev.kdlab.debugger.syntax;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command's argument shape, read from the synopsis its row in the command table writes:
 * {@code dt [-b] [-y Field] [module!]Type [Address] [Field...]}. The synopsis is the one place
 * that says what a command takes; help prints it and completion reads it.
 *
 * <p>How a synopsis is read: the first word is the command (with any glued letters, {@code k[b|v]});
 * {@code [ ]} encloses what may be left out; {@code |} separates alternatives; a trailing
 * {@code ...} repeats. Words from the placeholder vocabulary ({@code Type}, {@code Process},
 * {@code File}, see {@link #PLACEHOLDERS}) are arguments; every other word is an option or
 * keyword as typed ({@code -b}, {@code /P}, lm's {@code v}). A placeholder right after an option
 * in the same brackets is that option's value ({@code [-y Field]}, lm's {@code [m Pattern]});
 * brackets glued to an option ({@code -a[N]}) mean a value written without a blank.
 */
public final class CommandSyntax {

    /** The placeholder words synopses use, and what goes in their place. */
    static final Map<String, ArgumentKind> PLACEHOLDERS = Map.ofEntries(
            Map.entry("Type", ArgumentKind.TYPE),
            Map.entry("Type.Field", ArgumentKind.TYPE),
            Map.entry("Field", ArgumentKind.FIELD),
            Map.entry("List", ArgumentKind.FIELD),
            Map.entry("Symbol", ArgumentKind.SYMBOL),
            Map.entry("Address", ArgumentKind.EXPRESSION),
            Map.entry("VirtualAddress", ArgumentKind.EXPRESSION),
            Map.entry("PteAddress", ArgumentKind.EXPRESSION),
            Map.entry("EndAddress", ArgumentKind.EXPRESSION),
            Map.entry("PhysicalAddress", ArgumentKind.EXPRESSION),
            Map.entry("DirBase", ArgumentKind.EXPRESSION),
            Map.entry("PFN", ArgumentKind.EXPRESSION),
            Map.entry("PageFrame", ArgumentKind.EXPRESSION),
            Map.entry("Range", ArgumentKind.EXPRESSION),
            Map.entry("Expression", ArgumentKind.EXPRESSION),
            Map.entry("Value", ArgumentKind.EXPRESSION),
            Map.entry("Values", ArgumentKind.EXPRESSION),
            Map.entry("Condition", ArgumentKind.EXPRESSION),
            Map.entry("Arguments", ArgumentKind.EXPRESSION),
            Map.entry("Argument", ArgumentKind.EXPRESSION),
            Map.entry("C++Expression", ArgumentKind.EXPRESSION),
            Map.entry("Process", ArgumentKind.PROCESS),
            Map.entry("Handle", ArgumentKind.EXPRESSION),
            Map.entry("DriverObject", ArgumentKind.EXPRESSION),
            Map.entry("DeviceObject", ArgumentKind.EXPRESSION),
            Map.entry("Service", ArgumentKind.TEXT),
            Map.entry("ImageName", ArgumentKind.IMAGE_NAME),
            Map.entry("Thread", ArgumentKind.THREAD),
            Map.entry("File", ArgumentKind.FILE),
            Map.entry("FileName", ArgumentKind.FILE),
            Map.entry("Path", ArgumentKind.FILE),
            Map.entry("LocalSymbolCache", ArgumentKind.FILE),
            Map.entry("Directory", ArgumentKind.FILE),
            Map.entry("Register", ArgumentKind.REGISTER),
            Map.entry("Module", ArgumentKind.MODULE),
            Map.entry("Pattern", ArgumentKind.MODULE),
            Map.entry("Command", ArgumentKind.COMMAND),
            Map.entry("ExerciseId", ArgumentKind.EXERCISE),
            Map.entry("Flags", ArgumentKind.NUMBER),
            Map.entry("Count", ArgumentKind.NUMBER),
            Map.entry("MaxCount", ArgumentKind.NUMBER),
            Map.entry("FrameCount", ArgumentKind.NUMBER),
            Map.entry("Size", ArgumentKind.NUMBER),
            Map.entry("N", ArgumentKind.NUMBER),
            Map.entry("Processor", ArgumentKind.NUMBER),
            Map.entry("Max", ArgumentKind.NUMBER),
            Map.entry("Format", ArgumentKind.TEXT),
            Map.entry("Text", ArgumentKind.TEXT),
            Map.entry("Comment", ArgumentKind.TEXT),
            Map.entry("TypeName", ArgumentKind.TEXT),
            Map.entry("String", ArgumentKind.TEXT),
            Map.entry("Name", ArgumentKind.TEXT),
            Map.entry("Alias", ArgumentKind.TEXT),
            Map.entry("Variable", ArgumentKind.TEXT),
            Map.entry("Commands", ArgumentKind.TEXT),
            Map.entry("Options", ArgumentKind.TEXT),
            Map.entry("Line", ArgumentKind.TEXT),
            Map.entry("CommandString", ArgumentKind.TEXT),
            Map.entry("Arg1", ArgumentKind.TEXT),
            Map.entry("Arg2", ArgumentKind.TEXT),
            Map.entry("Passes", ArgumentKind.NUMBER),
            Map.entry("Ids", ArgumentKind.TEXT),
            Map.entry("Pid", ArgumentKind.EXPRESSION),
            Map.entry("User", ArgumentKind.TEXT),
            Map.entry("Session", ArgumentKind.NUMBER),
            Map.entry("ImagePath", ArgumentKind.FILE));

    private final String synopsis;
    private final List<OptionSyntax> options = new ArrayList<>();
    private final List<Boolean> gluedValue = new ArrayList<>();
    private final List<Slot> slots = new ArrayList<>();
    private final List<String> unknownWords = new ArrayList<>();
    private Optional<Slot> glued = Optional.empty();
    private boolean read;

    private CommandSyntax(String synopsis) {
        this.synopsis = synopsis;
    }

    /**
     * A synopsis, read the first time its shape is asked for (the command table holds a few hundred,
     * and a run of one command needs one); never fails (a word it cannot place is kept as an option
     * and listed by {@link #unknownWords()}).
     */
    public static CommandSyntax parse(String synopsis) {
        return new CommandSyntax(synopsis);
    }

    private synchronized CommandSyntax shape() {
        if (!read) {
            List<Word> words = Word.split(synopsis);
            if (!words.isEmpty()) {
                glued = gluedPlaceholder(words.get(0).text());
            }
            interpret(words.subList(Math.min(1, words.size()), words.size()));
            read = true;
        }
        return this;
    }

    /**
     * An argument written against the command's name, as the script commands take their file
     * ({@code $$<FileName}: the name runs on into the file name, with no blank between).
     */
    public Optional<Slot> gluedSlot() {
        return shape().glued;
    }

    private static Optional<Slot> gluedPlaceholder(String first) {
        for (int i = 1; i < first.length(); i++) {
            ArgumentKind kind = PLACEHOLDERS.get(first.substring(i));
            if (kind != null && Character.isUpperCase(first.charAt(i)) && !Character.isLetter(first.charAt(i - 1))) {
                return Optional.of(new Slot(first.substring(i), kind, false, false));
            }
        }
        return Optional.empty();
    }

    public String synopsis() {
        return synopsis;
    }

    /** Options and keywords, in synopsis order. */
    public List<OptionSyntax> options() {
        return List.copyOf(shape().options);
    }

    /** Positional arguments, in order. */
    public List<Slot> slots() {
        return List.copyOf(shape().slots);
    }

    /** Capitalised words that are neither a known placeholder nor plainly an option: a synopsis to fix. */
    public List<String> unknownWords() {
        return List.copyOf(shape().unknownWords);
    }

    /**
     * The option a typed word is: an exact match first ({@code /p} and {@code /P} differ), then one
     * whose value is glued on ({@code -a5} for {@code -a[N]}), then one differing only in case.
     */
    public Optional<OptionSyntax> option(String typed) {
        shape();
        for (OptionSyntax o : options) {
            if (o.text().equals(typed)) {
                return Optional.of(o);
            }
        }
        for (int i = 0; i < options.size(); i++) {
            OptionSyntax o = options.get(i);
            if (gluedValue.get(i) && typed.length() > o.text().length() && typed.startsWith(o.text())) {
                return Optional.of(o);
            }
        }
        return options.stream().filter(o -> o.isSwitch() && o.text().equalsIgnoreCase(typed)).findFirst();
    }

    /**
     * Where the next word goes, after the argument words already typed: the kinds it could be
     * (an optional slot may be skipped, so the next slot's kind counts too), or the value an
     * option just typed is waiting for.
     */
    public Position next(List<String> typedWords) {
        shape();
        int slot = 0;
        ArgumentKind pendingValue = null;
        for (String word : typedWords) {
            if (pendingValue != null) {
                pendingValue = null;
                continue;
            }
            Optional<OptionSyntax> option = option(word);
            if (option.isPresent() && (option.get().isSwitch() || option.get().text().equals(word))) {
                boolean glued = !option.get().text().equals(word);
                pendingValue = glued ? null : option.get().value().orElse(null);
                continue;
            }
            if (word.startsWith("-") || word.startsWith("/")) {
                continue;   // an option the synopsis does not list, or several glued together (-ca4)
            }
            if (slot < slots.size() && !slots.get(slot).repeated()) {
                slot++;
            }
        }
        if (pendingValue != null) {
            return new Position(EnumSet.of(pendingValue), false);
        }
        Set<ArgumentKind> kinds = EnumSet.noneOf(ArgumentKind.class);
        for (int i = slot; i < slots.size(); i++) {
            kinds.add(slots.get(i).kind());
            if (!slots.get(i).optional() || slots.get(i).repeated()) {
                break;
            }
        }
        return new Position(kinds, true);
    }

    /** What the next word may be: arguments of these kinds, and options when {@code optionsAllowed}. */
    public record Position(Set<ArgumentKind> kinds, boolean optionsAllowed) {
    }

    private void interpret(List<Word> words) {
        Word previous = null;
        boolean previousWasSlot = false;
        for (Word word : words) {
            String text = word.text();
            boolean repeated = text.endsWith("...");
            if (repeated) {
                text = text.substring(0, text.length() - 3);
            }
            if (text.isEmpty()) {
                continue;   // "Arg1 Arg2 ...": the dots repeat what came before
            }
            boolean glued = text.indexOf('[') > 0;
            String bare = text.replaceAll("\\[[^\\]]*]", "");
            Optional<ArgumentKind> kind = placeholder(bare);
            if (kind.isPresent()) {
                if (word.alternative() && previousWasSlot) {
                    previous = word;
                    continue;   // DirBase|PFN: one slot
                }
                int last = options.size() - 1;
                if (previous != null && !previousWasSlot && !word.alternative() && previous.group() == word.group()
                        && last >= 0 && options.get(last).value().isEmpty() && !gluedValue.get(last)) {
                    options.set(last, new OptionSyntax(options.get(last).text(), kind));
                    previous = word;
                    previousWasSlot = false;
                    continue;
                }
                slots.add(new Slot(bare, kind.get(), word.optional(), repeated));
                previousWasSlot = true;
            } else {
                if (word.alternative() && previousWasSlot) {
                    previous = word;
                    continue;   // DirBase|PFN|0: the literal 0 is one of the slot's values
                }
                if (looksLikePlaceholder(bare)) {
                    unknownWords.add(bare);
                }
                options.add(new OptionSyntax(bare, Optional.empty()));
                gluedValue.add(glued);
                previousWasSlot = false;
            }
            previous = word;
        }
    }

    private static Optional<ArgumentKind> placeholder(String word) {
        int bang = word.indexOf('!');
        if (bang > 0 && word.substring(0, bang).equalsIgnoreCase("module")) {
            // Module!Pattern names symbols; [module!]Type (glued brackets removed) is a type
            return word.substring(bang + 1).equals("Type") ? Optional.of(ArgumentKind.TYPE) : Optional.of(ArgumentKind.SYMBOL);
        }
        return Optional.ofNullable(PLACEHOLDERS.get(word));
    }

    private static boolean looksLikePlaceholder(String word) {
        return word.length() > 1 && Character.isUpperCase(word.charAt(0)) && !word.equals(word.toUpperCase());
    }

    /** A word of a synopsis and the brackets around it. */
    private record Word(String text, int group, boolean optional, boolean alternative) {

        static List<Word> split(String synopsis) {
            List<Word> words = new ArrayList<>();
            Deque<Integer> groups = new ArrayDeque<>();
            groups.push(0);
            int nextGroup = 1;
            StringBuilder word = new StringBuilder();
            boolean alternative = false;
            for (int i = 0; i < synopsis.length(); i++) {
                char c = synopsis.charAt(i);
                if (c == '[') {
                    int close = matching(synopsis, i);
                    boolean gluedPrefix = close + 1 < synopsis.length() && isWordChar(synopsis.charAt(close + 1));
                    if (word.length() > 0 || gluedPrefix) {
                        word.append(synopsis, i, close + 1);   // -a[N], k[b|v], [module!]Type
                        i = close;
                    } else {
                        groups.push(nextGroup++);
                    }
                } else if (c == ']' || c == '|' || Character.isWhitespace(c) || SEPARATORS.indexOf(c) >= 0) {
                    if (word.length() > 0) {
                        words.add(new Word(word.toString(), groups.peek(), groups.size() > 1, alternative));
                        word.setLength(0);
                        alternative = false;
                    }
                    if (c == ']' && groups.size() > 1) {
                        groups.pop();
                    } else if (c == '|') {
                        alternative = true;
                    }
                } else {
                    word.append(c);
                }
            }
            if (word.length() > 0) {
                words.add(new Word(word.toString(), groups.peek(), groups.size() > 1, alternative));
            }
            return words;
        }

        private static int matching(String text, int open) {
            int depth = 0;
            for (int i = open; i < text.length(); i++) {
                if (text.charAt(i) == '[') {
                    depth++;
                } else if (text.charAt(i) == ']' && --depth == 0) {
                    return i;
                }
            }
            return text.length() - 1;
        }

        private static boolean isWordChar(char c) {
            return !Character.isWhitespace(c) && c != '[' && c != ']' && c != '|' && SEPARATORS.indexOf(c) < 0;
        }

        /** Punctuation of the command language around arguments: .if (Condition) { Commands }, "Format", j ... ; ... */
        private static final String SEPARATORS = "(){};'\",";
    }
}
