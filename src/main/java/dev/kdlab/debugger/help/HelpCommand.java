package dev.kdlab.debugger.help;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.CommandRegistry;
import dev.kdlab.debugger.CommandSpec;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.syntax.NearNames;
import dev.kdlab.lang.statement.WindbgCommands;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code .help [Command]} and {@code .hh [Command]}: without a command, every command of the table,
 * grouped as WinDbg groups them, one line each; with one, its syntax, description, options, an
 * example run on the default machine and what kdlab does differently from WinDbg. (WinDbg's
 * {@code .hh} opens the help file at the command; kdlab prints the same page as {@code .help}.)
 */
public final class HelpCommand implements Command {
    private static final int NAME_COLUMN = 18;
    private final CommandRegistry registry;

    public HelpCommand(CommandRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void execute(Invocation invocation) throws CommandException {
        String wanted = invocation.arguments().rest();
        if (wanted.isEmpty()) {
            list(invocation.out());
            return;
        }
        CommandSpec spec = find(wanted);
        page(spec, invocation.out());
    }

    private CommandSpec find(String wanted) throws CommandException {
        Optional<CommandSpec> spec = registry.find(wanted);
        if (spec.isPresent()) {
            return spec.get();
        }
        if (WindbgCommands.contains(wanted)) {
            throw new CommandException(wanted + ": a WinDbg command kdlab does not implement yet (.help lists the ones it does)");
        }
        List<String> near = NearNames.near(wanted, registry.names());
        if (near.size() == 1) {
            return registry.find(near.get(0)).orElseThrow();
        }
        throw new CommandException("No command " + wanted + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?")
                + " (.help lists them)");
    }

    private void list(PrintStream out) {
        for (CommandGroup group : CommandGroup.values()) {
            List<CommandSpec> specs = registry.all().stream()
                    .filter(s -> CommandGroup.of(s) == group)
                    .sorted(Comparator.comparing(CommandSpec::name))
                    .toList();
            if (specs.isEmpty()) {
                continue;
            }
            out.println(group.heading);
            for (CommandSpec spec : specs) {
                String names = String.join(", ", spec.names());
                out.println("  " + pad(names) + spec.summary());
            }
            out.println();
        }
        out.println("Use \".help <command>\" (or \".hh <command>\") for its syntax, options and an example.");
    }

    private static void page(CommandSpec spec, PrintStream out) {
        out.println(String.join(", ", spec.names()) + " - " + spec.summary());
        out.println();
        out.println("Syntax");
        out.println("  " + spec.synopsis());
        Optional<HelpText> help = HelpLibrary.find(spec.helpKey());
        if (help.isEmpty()) {
            return;   // a test holds every command to having a text; this only guards a build without it
        }
        HelpText text = help.get();
        section(out, null, text.description());
        section(out, HelpText.OPTIONS, text.options());
        if (!text.example().isEmpty()) {
            out.println();
            out.println("Example (on the default machine)");
            for (String line : text.example()) {
                out.println(line.isEmpty() ? "" : "  " + line);
            }
        }
        section(out, "Differences from WinDbg", text.differences());
    }

    private static void section(PrintStream out, String heading, String body) {
        if (body.isBlank()) {
            return;
        }
        out.println();
        if (heading != null) {
            out.println(heading);
        }
        body.lines().forEach(out::println);
    }

    private static String pad(String names) {
        return names.length() >= NAME_COLUMN ? names + "  " : names + " ".repeat(NAME_COLUMN - names.length());
    }
}
