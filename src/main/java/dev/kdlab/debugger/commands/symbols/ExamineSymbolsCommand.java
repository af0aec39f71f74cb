package dev.kdlab.debugger.commands.symbols;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.symbols.LoadedModule;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.types.WildcardPattern;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code x [/a|/n] [/0|/1|/2] Module!Pattern}: the symbols whose names match a wildcard pattern
 * ({@code *} any run, {@code ?} one character, case-insensitive), one per line as transcripts 5.2
 * show them on 19041: {@code fffff804`3df6f8f0 nt!DbgLoadImageSymbols (void)} for a function, and
 * {@code fffff807`25e37f90 nt!PsActiveProcessHead = <no type information>} for data. WinDbg lists
 * in symbol-file order; kdlab's default is name order, {@code /a} sorts by address. {@code /0} prints
 * only addresses, {@code /1} only names, {@code /2} both without the type text. A pattern without
 * a module searches every module; no pattern at all asks for the current scope's locals, of which a
 * live kernel session has none. No match prints nothing, as in WinDbg.
 */
public final class ExamineSymbolsCommand implements Command {
    private record Match(LoadedModule module, String name, long address) {
    }

    @Override
    public void execute(Invocation invocation) throws CommandException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        boolean byAddress = false;
        char columns = ' ';
        for (var option = args.nextOption(); option.isPresent(); option = args.nextOption()) {
            switch (option.get().toLowerCase(Locale.ROOT)) {
                case "/a" -> byAddress = true;
                case "/n" -> byAddress = false;
                case "/0", "/1", "/2" -> columns = option.get().charAt(1);
                default -> throw new CommandException("Unknown option '" + option.get() + "'");
            }
        }
        String pattern = args.nextWord();
        args.expectEnd();
        if (pattern.isEmpty()) {
            return;   // the locals of the current scope: a live kernel session has no frame to list
        }
        int bang = pattern.indexOf('!');
        WildcardPattern modulePattern = WildcardPattern.of(bang < 0 ? "*" : pattern.substring(0, bang));
        WildcardPattern namePattern = WildcardPattern.of(pattern.substring(bang + 1));
        List<Match> matches = new ArrayList<>();
        for (LoadedModule module : invocation.session().contextModules().modules()) {
            if (!modulePattern.matches(module.name())) {
                continue;
            }
            for (Map.Entry<String, Long> symbol : module.symbols().rvas().entrySet()) {
                if (namePattern.matches(symbol.getKey())) {
                    matches.add(new Match(module, symbol.getKey(), module.base() + symbol.getValue()));
                }
            }
        }
        if (byAddress) {
            matches.sort(Comparator.comparing(Match::address, Long::compareUnsigned));
        }
        PrintStream out = invocation.out();
        for (Match match : matches) {
            String name = match.module().name() + "!" + match.name();
            String type = match.module().symbols().isFunction(match.name()) ? " (void)" : " = <no type information>";
            out.println(switch (columns) {
                case '0' -> Hex.backtick(match.address());
                case '1' -> name;
                case '2' -> Hex.backtick(match.address()) + " " + name;
                default -> Hex.backtick(match.address()) + " " + name + type;
            });
        }
    }
}
