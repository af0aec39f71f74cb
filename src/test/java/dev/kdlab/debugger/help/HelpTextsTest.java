package dev.kdlab.debugger.help;

import dev.kdlab.cli.DumpOpening;
import dev.kdlab.debugger.CommandRegistry;
import dev.kdlab.debugger.CommandSpec;
import dev.kdlab.debugger.Debugger;
import dev.kdlab.debugger.Lkd;
import dev.kdlab.exercises.ExerciseSession;
import dev.kdlab.exercises.Exercises;
import dev.kdlab.exercises.ProgressStore;
import dev.kdlab.lang.statement.Statement;
import dev.kdlab.lang.statement.StatementParsing;
import dev.kdlab.lang.SyntaxErrorException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command of the table has a help text, and every help text's example prints what the default
 * machine prints. After a deliberate change to the machine or a command's output, run with
 * {@code -Dkdlab.help.update=true} to rewrite the examples' output (under src/main/resources), and
 * read the diff; an example longer than {@value #KEPT_LINES} lines is cut to its first lines and
 * {@code ...}.
 */
class HelpTextsTest {
    private static final Path SOURCES = Path.of("src/main/resources" + HelpLibrary.ROOT);
    private static final String PROMPT = "lkd> ";
    private static final int KEPT_LINES = 12;

    /** With a step budget, so that an example that loops for ever fails instead of filling the heap. */
    private static final Lkd LKD = new Lkd();

    static {
        LKD.debugger().limits().setStepLimit(100_000);
        LKD.debugger().onOpenDump(new DumpOpening());   // .opendump's example opens a dump as the command line does
    }
    private static final CommandRegistry TABLE = new Debugger(LKD.target(), System.out).registry();
    /**
     * The help keys of the rows a session's command line adds to the table above the debugger (the
     * exercise commands, whose help texts live here too; ExerciseCommandsHelpTest holds their examples).
     */
    private static final Set<String> ADDED_KEYS = addedKeys();

    private static Set<String> addedKeys() {
        Debugger session = new Debugger(LKD.target(), System.out);
        ExerciseSession.install(session, Exercises::catalog, new ProgressStore(Path.of("target", "help-progress"),
                Clock.systemUTC()), (seed, anomaly) -> {
                    throw new UnsupportedOperationException("no machine is booted here");
                }, 0);
        Set<String> keys = new TreeSet<>();
        session.registry().all().forEach(spec -> keys.add(spec.helpKey()));
        TABLE.all().forEach(spec -> keys.remove(spec.helpKey()));
        return keys;
    }

    /** What an example line runs: its commands' names, and the control-flow tokens it uses. */
    private static List<String> ran(String line) throws SyntaxErrorException {
        List<String> names = new ArrayList<>();
        for (Statement statement : StatementParsing.parse(line, TABLE::isRegularName).statements()) {
            names.add(statement instanceof Statement.Command command ? command.command().name()
                    : statement instanceof Statement.J ? "j" : "." + statement.getClass().getSimpleName().toLowerCase(Locale.ROOT));
        }
        return names;
    }

    @Test
    void everyCommandHasAHelpTextWithAnExampleOfItself() throws SyntaxErrorException {
        List<String> missing = new ArrayList<>();
        for (CommandSpec spec : TABLE.all()) {
            var help = HelpLibrary.find(spec.helpKey());
            if (help.isEmpty()) {
                missing.add(spec.name() + " (" + HelpLibrary.resource(spec.helpKey()) + ")");
                continue;
            }
            assertThat(help.get().description()).as(spec.name()).isNotBlank();
            List<String> commands = help.get().exampleCommands(PROMPT);
            assertThat(commands).as("example of %s", spec.name()).isNotEmpty();
            List<String> ran = new ArrayList<>();
            for (String command : commands) {
                ran.addAll(ran(command));
                // a token inside a block (.break in a .for) is no statement of the line's own
                spec.names().stream().filter(n -> n.startsWith(".") && command.matches(".*(^|[\\s{;])\\Q" + n + "\\E([\\s;}(]|$).*"))
                        .forEach(ran::add);
            }
            List<String> sharing = TABLE.all().stream().filter(s -> s.helpKey().equals(spec.helpKey()))
                    .flatMap(s -> s.names().stream()).toList();
            assertThat(ran).as("example of %s", spec.name()).containsAnyElementsOf(sharing);
        }
        assertThat(missing).as("commands without a help text").isEmpty();
    }

    @Test
    void noHelpTextBelongsToNoCommand() throws IOException {
        Set<String> keys = new TreeSet<>();
        TABLE.all().forEach(spec -> keys.add(spec.helpKey()));
        keys.addAll(ADDED_KEYS);
        Set<String> files = new TreeSet<>();
        try (Stream<Path> paths = Files.walk(SOURCES)) {
            paths.filter(p -> p.toString().endsWith(".txt"))
                    .forEach(p -> files.add(SOURCES.relativize(p).toString().replace('\\', '/').replaceFirst("\\.txt$", "")));
        }
        assertThat(files).isEqualTo(keys);
    }

    /** Each example runs in table order (q last) on one default machine; .thread 0 after each puts the context back. */
    @Test
    void everyExamplePrintsWhatTheDefaultMachinePrints() throws IOException {
        boolean update = Boolean.getBoolean("kdlab.help.update");
        List<String> wrong = new ArrayList<>();
        // .opendump's example leaves the session on a dump, and q's ends the session's lines (every later
        // command would stop at once): they run last
        List<CommandSpec> order = new ArrayList<>(TABLE.all());
        order.sort(java.util.Comparator.comparing(spec -> List.of(".opendump", "q").indexOf(spec.name())));
        for (CommandSpec spec : order) {
            HelpText help = HelpLibrary.find(spec.helpKey()).orElse(null);
            if (help == null) {
                continue;
            }
            List<String> actual = new ArrayList<>();
            List<String> expected = help.example();
            int line = 0;
            for (String command : help.exampleCommands(PROMPT)) {
                List<String> output = LKD.run(command);
                while (!expected.get(line).equals(PROMPT + command)) {
                    line++;
                }
                line++;
                int end = line;
                while (end < expected.size() && !expected.get(end).startsWith(PROMPT)) {
                    end++;
                }
                List<String> stored = withoutTrailingBlanks(expected.subList(line, end));
                boolean cut = !stored.isEmpty() && stored.get(stored.size() - 1).equals(HelpText.MORE);
                List<String> shown = stripTrailing(output);
                actual.add(PROMPT + command);
                if (update) {
                    actual.addAll(shown.size() > KEPT_LINES ? shown.subList(0, KEPT_LINES - 2) : shown);
                    if (shown.size() > KEPT_LINES) {
                        actual.add(HelpText.MORE);
                    }
                } else if (cut) {
                    List<String> prefix = stored.subList(0, stored.size() - 1);
                    if (shown.size() < prefix.size() || !shown.subList(0, prefix.size()).equals(prefix)) {
                        wrong.add(spec.name() + ": " + command + "\n  stored " + prefix + "\n  actual " + shown);
                    }
                } else if (!shown.equals(stored)) {
                    wrong.add(spec.name() + ": " + command + "\n  stored " + stored + "\n  actual " + shown);
                }
            }
            LKD.run(".thread 0");
            if (update) {
                rewriteExample(spec.helpKey(), actual);
            }
        }
        assertThat(wrong).as("examples that no longer match (-Dkdlab.help.update=true rewrites them)").isEmpty();
    }

    @Test
    void helpListsEveryCommandOnceInItsGroup() {
        List<String> listing = LKD.run(".help");
        assertThat(listing).contains("Commands:", "Meta-commands (.):", "Extension commands (!):", "kdlab's own (not in WinDbg):");
        for (CommandSpec spec : TABLE.all()) {
            assertThat(listing).as(spec.name()).filteredOn(l -> l.startsWith("  " + spec.name() + " ")
                    || l.startsWith("  " + spec.name() + ",")).hasSize(1);
        }
        assertThat(listing.indexOf("  !walk             Draw the page walk of an address, level by level"))
                .isGreaterThan(listing.indexOf("kdlab's own (not in WinDbg):"));
    }

    @Test
    void aCommandsPageShowsSyntaxExampleAndDifferences() {
        List<String> page = LKD.run(".help !process");
        assertThat(page.get(0)).isEqualTo("!process - " + TABLE.find("!process").orElseThrow().summary());
        assertThat(page).contains("Syntax", "  !process [Process [Flags [ImageName]]]", "Example (on the default machine)",
                "  lkd> !process 0 0 notepad.exe", "Differences from WinDbg");
        assertThat(LKD.run(".hh !process")).isEqualTo(page);
        assertThat(LKD.run(".help proces")).containsExactly(
                "No command proces; did you mean !process or .process? (.help lists them)");
        assertThat(LKD.run(".help pte").get(0)).startsWith("!pte - ");   // one near name: its page
        assertThat(LKD.run(".help dv")).containsExactly(
                "dv: a WinDbg command kdlab does not implement yet (.help lists the ones it does)");
    }

    /** Where the build runs differs from machine to machine: help texts show it as a placeholder. */
    private static final String WORKING_DIRECTORY = Path.of("").toAbsolutePath().toString();

    private static List<String> stripTrailing(List<String> lines) {
        return withoutTrailingBlanks(lines.stream()
                .map(line -> line.replace(WORKING_DIRECTORY, "<working directory>").stripTrailing()).toList());
    }

    private static List<String> withoutTrailingBlanks(List<String> lines) {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        return lines.subList(0, end);
    }

    private static void rewriteExample(String key, List<String> example) throws IOException {
        Path file = SOURCES.resolve(key + ".txt");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int start = lines.indexOf(HelpText.EXAMPLE);
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).equals(HelpText.DIFFERENCES) && !lines.get(end).equals(HelpText.OPTIONS)) {
            end++;
        }
        List<String> rewritten = new ArrayList<>(lines.subList(0, start + 1));
        rewritten.addAll(example);
        if (end < lines.size()) {
            rewritten.add("");
            rewritten.addAll(lines.subList(end, lines.size()));
        }
        Files.writeString(file, String.join("\n", rewritten) + "\n", StandardCharsets.UTF_8);
    }
}
