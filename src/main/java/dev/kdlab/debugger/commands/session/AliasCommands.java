package dev.kdlab.debugger.commands.session;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.TextFiles;
import dev.kdlab.debugger.script.Aliases;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.VirtualMemory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The alias commands (Microsoft Learn, debuggercmds, "as, aS (Set Alias)", "ad (Delete Alias)", "al (List
 * Aliases)"). Aliases are replaced in a line before it is parsed (see grammar/AliasLexer.g4), so an alias set
 * on a line is seen by a later block on it, not by the rest of the line itself: {@code aS x 1; .block {.echo
 * ${x}}}.
 */
public final class AliasCommands {
    private AliasCommands() {
    }

    /**
     * {@code as Name EquivalentLine} (the rest of the line, as it is), {@code aS Name EquivalentString} (up to
     * ';', without its quotes), and with a switch: {@code /x} the value of an expression ({@code 0x6}),
     * {@code /ma /mu /msa /msu} a string read from memory, {@code /f} a file's text, {@code /c} a command's
     * output. An alias set again takes the new value.
     */
    public static final class Set implements Command {
        @Override
        public void execute(Invocation invocation) throws CommandException, ExpressionException, SyntaxErrorException {
            ArgumentScanner args = invocation.arguments();
            String option = args.peekWord().filter(w -> w.startsWith("/")).map(w -> args.nextWord()).orElse("");
            String name = args.nextWord();
            if (name.isEmpty()) {
                throw new CommandException("Usage: as [/x|/ma|/mu|/msa|/msu|/f|/c] Name Equivalent");
            }
            String value = switch (option.toLowerCase(java.util.Locale.ROOT)) {
                case "" -> plain(invocation, args.rest());
                case "/x" -> {
                    long number = args.nextExpression();
                    args.expectEnd();
                    yield "0x" + Long.toHexString(number);
                }
                case "/ma" -> text(invocation, args, false, false);
                case "/mu" -> text(invocation, args, true, false);
                case "/msa" -> text(invocation, args, false, true);
                case "/msu" -> text(invocation, args, true, true);
                case "/f" -> file(invocation, args.rest());
                case "/c" -> output(invocation, args.rest());
                default -> throw new CommandException("Unknown option '" + option + "'");
            };
            invocation.session().aliases().set(name, value);
        }

        /** as keeps the line as typed; aS drops the quotes around its string. */
        private static String plain(Invocation invocation, String rest) throws CommandException {
            if (rest.isEmpty()) {
                throw new CommandException("Usage: as Name Equivalent");
            }
            boolean lineForm = invocation.command().writtenName().equals("as");
            if (!lineForm && rest.length() >= 2 && rest.startsWith("\"") && rest.endsWith("\"")) {
                return rest.substring(1, rest.length() - 1);
            }
            return rest;
        }

        private static String text(Invocation invocation, ArgumentScanner args, boolean wide, boolean counted)
                throws CommandException, ExpressionException, SyntaxErrorException {
            long address = args.nextExpression();
            args.expectEnd();
            VirtualMemory memory = invocation.session().memory();
            try {
                if (counted) {
                    int length = (int) memory.readUnsigned(address, 2);
                    long buffer = memory.readLong(address + 8);
                    byte[] bytes = memory.read(buffer, length);
                    return new String(bytes, wide ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
                }
                return terminated(memory, address, wide);
            } catch (RuntimeException e) {
                throw new CommandException("Memory access error at '" + dev.kdlab.debugger.Hex.backtick(address) + "'");
            }
        }

        private static String terminated(VirtualMemory memory, long address, boolean wide) {
            StringBuilder text = new StringBuilder();
            int step = wide ? 2 : 1;
            for (int i = 0; i < 0x1000; i += step) {
                int c = (int) memory.readUnsigned(address + i, step);
                if (c == 0) {
                    break;
                }
                text.append((char) c);
            }
            return text.toString();
        }

        private static String file(Invocation invocation, String name) throws CommandException {
            try {
                Path path = invocation.lines().workingDirectory().resolve(unquoted(name));
                return TextFiles.read(path).stripTrailing();
            } catch (IOException | RuntimeException e) {
                throw new CommandException("Couldn't open file '" + name + "'");
            }
        }

        /** /c: the commands run now, and their output (lines joined by line feeds) is the value. */
        private static String output(Invocation invocation, String commands) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            invocation.lines().run(unquoted(commands), new PrintStream(bytes, true, StandardCharsets.UTF_8));
            return bytes.toString(StandardCharsets.UTF_8).stripTrailing();
        }

        private static String unquoted(String text) {
            return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
        }
    }

    /** {@code ad [/q] Name}, {@code ad *}: deletes aliases; /q says nothing when there is no such alias. */
    public static final class Delete implements Command {
        @Override
        public void execute(Invocation invocation) throws CommandException {
            ArgumentScanner args = invocation.arguments();
            boolean quiet = false;
            while (args.peekWord().map(w -> w.startsWith("/")).orElse(false)) {
                String option = args.nextWord();
                if (!option.equalsIgnoreCase("/q")) {
                    throw new CommandException("Unknown option '" + option + "'");
                }
                quiet = true;
            }
            Aliases aliases = invocation.session().aliases();
            String name = args.nextWord();
            if (name.isEmpty()) {
                throw new CommandException("Usage: ad [/q] Name | *");
            }
            if (name.equals("*")) {
                aliases.deleteAll();
            } else if (!aliases.delete(name) && !quiet) {
                throw new CommandException("No alias named '" + name + "'");
            }
        }
    }

    /** {@code al}: the user-named aliases in a two-column table (the docs' "al" example, transcripts 7). */
    public static final class List implements Command {
        @Override
        public void execute(Invocation invocation) {
            PrintStream out = invocation.out();
            Map<String, String> aliases = invocation.session().aliases().userNamed();
            if (aliases.isEmpty()) {
                out.println("No aliases");
                return;
            }
            out.println("  Alias            Value");
            out.println(" -------          -------");
            aliases.forEach((name, value) -> out.println(String.format(" %-16s %s", name, value)));
        }
    }
}
