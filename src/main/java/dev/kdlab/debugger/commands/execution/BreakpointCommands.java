package dev.kdlab.debugger.commands.execution;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.breakpoints.Breakpoint;
import dev.kdlab.debugger.breakpoints.Breakpoints;
import dev.kdlab.debugger.symbols.LoadedModule;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.types.WildcardPattern;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The breakpoint commands (Microsoft Learn, debuggercmds "bp, bu, bm", "bl", "bc", "bd", "be"). In kdlab
 * a breakpoint stops the kernel's creation and exit flows at the entry of a routine: the flow passes
 * each named routine's first address, nothing else executes.
 */
public final class BreakpointCommands {
    private BreakpointCommands() {
    }

    /**
     * {@code bp [/1] Address [Passes] ["CommandString"]}; {@code bu} the same, keeping the expression
     * it was given (kdlab's symbols are all loaded, so it resolves at once).
     */
    public static final class Set implements Command {
        @Override
        public void execute(Invocation invocation) throws CommandException, ExpressionException, SyntaxErrorException {
            ArgumentScanner args = invocation.arguments();
            boolean oneShot = false;
            for (Optional<String> option = args.nextOption(); option.isPresent(); option = args.nextOption()) {
                if (!option.get().equals("/1")) {
                    throw new CommandException("kdlab: bp " + option.get() + " is not supported (only /1)");
                }
                oneShot = true;
            }
            if (args.atEnd()) {
                throw new CommandException("kdlab: bp needs an address: the flow is stopped only at routine entries");
            }
            int at = args.position();
            long address = args.nextWordExpression();
            String expression = invocation.command().arguments().substring(at, args.position()).trim();
            int passes = 1;
            if (!args.atEnd() && !args.quotedWordFollows()) {
                passes = (int) args.nextWordExpression();
            }
            String command = args.quotedWordFollows() ? args.nextWord() : "";
            args.expectEnd();
            Breakpoints.Set set = invocation.session().breakpoints().set(-1, address, expression, passes, oneShot,
                    command);
            if (set.redefined()) {
                invocation.out().println("breakpoint " + set.breakpoint().id() + " redefined");
            }
        }
    }

    /** {@code bm [/1] Module!Pattern ["CommandString"]}: a breakpoint on every function whose name matches. */
    public static final class Match implements Command {
        @Override
        public void execute(Invocation invocation) throws CommandException, SyntaxErrorException {
            ArgumentScanner args = invocation.arguments();
            boolean oneShot = args.nextOption().filter(o -> o.equals("/1")).isPresent();
            String pattern = args.nextWord();
            String command = args.quotedWordFollows() ? args.nextWord() : "";
            args.expectEnd();
            int bang = pattern.indexOf('!');
            if (pattern.isEmpty() || bang < 0) {
                throw new CommandException("kdlab: bm needs Module!Pattern (bm nt!Psp*)");
            }
            WildcardPattern modules = WildcardPattern.of(pattern.substring(0, bang));
            WildcardPattern names = WildcardPattern.of(pattern.substring(bang + 1));
            Session session = invocation.session();
            List<String[]> matches = new ArrayList<>();
            for (LoadedModule module : session.contextModules().modules()) {
                if (!modules.matches(module.name()) || !module.hasSymbols()) {
                    continue;
                }
                for (Map.Entry<String, Long> symbol : module.symbols().rvas().entrySet()) {
                    if (names.matches(symbol.getKey()) && module.symbols().isFunction(symbol.getKey())) {
                        matches.add(new String[] {module.name() + "!" + symbol.getKey(),
                                Long.toString(module.base() + symbol.getValue())});
                    }
                }
            }
            if (matches.isEmpty()) {
                throw new CommandException("No matching code symbols found, no breakpoints set.\n"
                        + "If you are using public symbols, switch to full or export symbols.");
            }
            PrintStream out = invocation.out();
            for (String[] match : matches) {
                if (session.breakpoints().all().size() >= Breakpoints.MAX) {
                    throw new CommandException("kdlab: too many breakpoints (" + Breakpoints.MAX + ")");
                }
                long address = Long.parseLong(match[1]);
                Breakpoint set = session.breakpoints().set(-1, address, match[0], 1, oneShot, command).breakpoint();
                out.printf("%3d: %s @!\"%s\"%n", set.id(), Hex.backtick(address), match[0]);
            }
        }
    }

    /** {@code bl}: {@code      0 e Disable Clear  fffff807`6a4a1234     0001 (0001) nt!PspInsertProcess}. */
    public static final class List_ implements Command {
        @Override
        public void execute(Invocation invocation) throws SyntaxErrorException {
            invocation.arguments().expectEnd();
            Session session = invocation.session();
            for (Breakpoint b : session.breakpoints().all()) {
                String where = session.contextModules().symbolic(b.address()).orElse(b.expression());
                invocation.out().printf("%6d %s %s  %s     %04x (%04x) %s%s%n", b.id(), b.enabled() ? "e" : "d",
                        b.enabled() ? "Disable Clear" : "Enable Clear", Hex.backtick(b.address()), b.remaining(),
                        b.passes(), where, b.command().isEmpty() ? "" : " \"" + b.command() + "\"");
            }
        }
    }

    /** {@code bc}, {@code bd}, {@code be} with a list of ids ({@code *}, {@code 0 2}, {@code 1-3}). */
    public static final class Change implements Command {
        public enum Action { CLEAR, DISABLE, ENABLE }

        private final Action action;

        public Change(Action action) {
            this.action = action;
        }

        @Override
        public void execute(Invocation invocation) throws CommandException, SyntaxErrorException {
            Breakpoints breakpoints = invocation.session().breakpoints();
            String list = invocation.command().arguments();
            if (list.isBlank()) {
                throw invocation.arguments().syntaxError();
            }
            List<Integer> ids;
            try {
                ids = breakpoints.select(list);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw invocation.arguments().syntaxError();
            }
            for (int id : ids) {
                switch (action) {
                    case CLEAR -> breakpoints.clear(id);
                    case DISABLE -> breakpoints.enable(id, false);
                    case ENABLE -> breakpoints.enable(id, true);
                }
            }
        }
    }
}
