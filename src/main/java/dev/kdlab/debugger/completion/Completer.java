package dev.kdlab.debugger.completion;

import dev.kdlab.debugger.CommandRegistry;
import dev.kdlab.debugger.CommandSpec;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.syntax.ArgumentKind;
import dev.kdlab.debugger.syntax.CommandSyntax;
import dev.kdlab.debugger.syntax.OptionSyntax;
import dev.kdlab.lang.statement.CommandParser;
import dev.kdlab.lang.statement.CommandText;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.types.TypeLookup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tab completion from the command table: the command word completes to the table's names; after it,
 * the command's synopsis ({@link CommandSyntax}) says what the word being typed is (an option, a
 * type, a field of the type given earlier, a symbol, a process, a thread, a file) and the machine
 * offers the words that fit. Only the command under the cursor counts: {@code .process 0; dt nt!_EP}
 * completes the dt.
 */
public final class Completer {
    /** Characters that end an operand inside a MASM expression: {@code poi(nt!Ps} completes {@code nt!Ps}. */
    private static final String OPERATORS = "()+-*/%,=<>&|^~[]";

    private final CommandRegistry registry;
    private final Session session;
    private final MachineCandidates machine;

    public Completer(CommandRegistry registry, Session session) {
        this.registry = registry;
        this.session = session;
        this.machine = new MachineCandidates(session);
    }

    /** The words that may replace the one ending at {@code cursor}; none when nothing fits or the machine cannot be read. */
    public Completion complete(String line, int cursor) {
        try {
            return completeCommand(line, cursor);
        } catch (RuntimeException e) {
            return Completion.none(cursor);   // an unreadable list or odd input: Tab offers nothing
        }
    }

    /** Where the word being typed starts (what a line editor treats as the word under the cursor). */
    public int wordStart(String line, int cursor) {
        int start = cursor;
        while (start > 0 && !isBlank(line.charAt(start - 1)) && line.charAt(start - 1) != ';' && line.charAt(start - 1) != '{') {
            start--;
        }
        return start;
    }

    private Completion completeCommand(String line, int cursor) {
        int start = commandStart(line, cursor);
        String command = line.substring(start, cursor);
        int wordStart = wordStart(line, cursor);
        String partial = line.substring(wordStart, cursor);
        if (wordStart == start) {
            Optional<CommandSpec> glued = gluedArgument(partial);
            if (glued.isPresent()) {
                String name = glued.get().names().stream().filter(n -> MachineCandidates.startsWith(partial, n))
                        .max(java.util.Comparator.comparingInt(String::length)).orElseThrow();
                List<Candidate> files = candidates(glued.get().syntax().gluedSlot().orElseThrow().kind(), List.of(),
                        partial.substring(name.length()));
                return new Completion(start, files.stream()
                        .map(c -> new Candidate(name + c.value(), c.description(), c.complete())).toList());
            }
            return new Completion(start, commandNames(partial));
        }
        CommandText parsed;
        try {
            parsed = CommandParser.parse(command, registry::isRegularName);
        } catch (SyntaxErrorException e) {
            return Completion.none(cursor);
        }
        Optional<CommandSpec> spec = registry.find(parsed.name());
        if (spec.isEmpty()) {
            return Completion.none(cursor);
        }
        int argumentsStart = Math.min(parsed.argumentsColumn(), wordStart - start);
        List<String> previous = words(command.substring(argumentsStart, wordStart - start));
        return new Completion(wordStart, arguments(spec.get().syntax(), previous, partial));
    }

    /** A command whose argument is written against its name ({@code $$<scripts/x.txt}) that the word has got past. */
    private Optional<CommandSpec> gluedArgument(String word) {
        CommandSpec best = null;
        int longest = 0;
        for (CommandSpec spec : registry.all()) {
            if (spec.syntax().gluedSlot().isEmpty()) {
                continue;
            }
            for (String name : spec.names()) {
                if (word.length() > name.length() && MachineCandidates.startsWith(word, name) && name.length() > longest) {
                    best = spec;
                    longest = name.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private List<Candidate> commandNames(String partial) {
        List<Candidate> out = new ArrayList<>();
        for (String name : registry.names()) {
            if (MachineCandidates.startsWith(name, partial)) {
                out.add(new Candidate(name, registry.find(name).map(CommandSpec::summary).orElse(""), true));
            }
        }
        return out;
    }

    private List<Candidate> arguments(CommandSyntax syntax, List<String> previous, String partial) {
        CommandSyntax.Position position = syntax.next(previous);
        Map<String, Candidate> out = new LinkedHashMap<>();
        if (position.optionsAllowed()) {
            for (OptionSyntax option : syntax.options()) {
                boolean switchTyped = partial.startsWith("-") || partial.startsWith("/");
                if (option.isSwitch() == switchTyped && (switchTyped ? option.text().startsWith(partial)
                        : !partial.isEmpty() && MachineCandidates.startsWith(option.text(), partial))) {
                    out.putIfAbsent(option.text(), Candidate.word(option.text()));
                }
            }
            if (partial.startsWith("-") || partial.startsWith("/")) {
                return List.copyOf(out.values());
            }
        }
        for (ArgumentKind kind : position.kinds()) {
            if (kind == ArgumentKind.EXPRESSION && !out.isEmpty() && partial.indexOf('!') < 0 && partial.indexOf('@') < 0) {
                continue;   // dt nt!_EPROCESS Pc: the field, not modules named pc* for the address dt may also take
            }
            for (Candidate c : candidates(kind, previous, partial)) {
                out.putIfAbsent(c.value(), c);
            }
        }
        return List.copyOf(out.values());
    }

    private List<Candidate> candidates(ArgumentKind kind, List<String> previous, String partial) {
        return switch (kind) {
            case COMMAND -> commandNames(partial);
            case TYPE -> machine.types(partial);
            case FIELD -> typeWord(previous).map(type -> machine.fields(type, partial)).orElse(List.of());
            case SYMBOL -> partial.contains("!") ? machine.symbols(partial) : machine.modules(partial, true);
            case EXPRESSION -> expression(partial);
            case PROCESS -> machine.processes(partial);
            case IMAGE_NAME -> machine.imageNames(partial);
            case THREAD -> machine.threads(partial);
            case FILE -> FileCandidates.files(partial);
            case REGISTER -> machine.registers(partial);
            case MODULE -> machine.modules(partial, false);
            case EXERCISE -> registered(kind, partial);
            case NUMBER, TEXT -> List.of();
        };
    }

    /** Words a layer above handed the table for this kind (exercise ids), those starting with what is typed. */
    private List<Candidate> registered(ArgumentKind kind, String partial) {
        List<Candidate> out = new ArrayList<>();
        registry.words(kind).forEach((word, description) -> {
            if (MachineCandidates.startsWith(word, partial)) {
                out.add(new Candidate(word, description, true));
            }
        });
        return out;
    }

    /**
     * The operand being typed inside an expression: after {@code nt!} a symbol, after {@code @} a
     * register, inside {@code sizeof(} a type, otherwise a module to qualify a symbol with.
     */
    private List<Candidate> expression(String partial) {
        int operand = partial.length();
        while (operand > 0 && OPERATORS.indexOf(partial.charAt(operand - 1)) < 0) {
            operand--;
        }
        String head = partial.substring(0, operand);
        String word = partial.substring(operand);
        List<Candidate> found;
        if (head.endsWith("sizeof(") || head.endsWith("#FIELD_OFFSET(")) {
            found = machine.types(word);
        } else if (word.contains("!")) {
            found = machine.symbols(word);
        } else if (word.startsWith("@") || word.startsWith("$")) {
            found = machine.registers(word);
        } else if (!word.isEmpty() && !MachineCandidates.isHex(word.replace("`", ""))) {
            found = machine.modules(word, true);
        } else {
            return List.of();
        }
        return found.stream().map(c -> new Candidate(head + c.value(), c.description(), c.complete())).toList();
    }

    /** The first word before the cursor that names a type: what a field path is a member of. */
    private Optional<String> typeWord(List<String> previous) {
        TypeLookup types = new TypeLookup(session.target().types());
        for (String word : previous) {
            if (!word.startsWith("-") && !word.startsWith("/") && types.find(word).isPresent()) {
                return Optional.of(word);
            }
        }
        return Optional.empty();
    }

    /** Where the command under the cursor starts: after the last ';' or '{' outside quotes, blanks skipped. */
    private static int commandStart(String line, int cursor) {
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < cursor; i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ';' || c == '{' || c == '}')) {
                start = i + 1;
            }
        }
        while (start < cursor && isBlank(line.charAt(start))) {
            start++;
        }
        return start;
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.strip().split("[ \t]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
