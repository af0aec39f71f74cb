package dev.kdlab.debugger.commands.symbols;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;

import java.io.PrintStream;

/**
 * The symbol commands scripts start with, accepted offline: kdlab's symbols are built in, so these change what
 * the session shows and nothing else (Microsoft Learn, debuggercmds, ".sympath", ".symfix", ".reload").
 */
public final class SymbolPathCommands {
    /** The public symbol server, as .symfix names it. */
    static final String MICROSOFT_SERVER = "https://msdl.microsoft.com/download/symbols";
    /** Where a default symbol store lives when .symfix is given none. */
    static final String DEFAULT_STORE = "C:\\ProgramData\\Dbg\\sym";

    private SymbolPathCommands() {
    }

    /**
     * {@code .sympath[+] [Path]}: shows, sets or extends the path, as the session banner shows it
     * ({@code Symbol search path is: srv*}, transcripts 5.7), with the expanded form and the validation summary
     * a newer debugger adds (every element "Deferred": nothing is fetched).
     */
    public static final class SymbolPath implements Command {
        @Override
        public void execute(Invocation invocation) {
            Session session = invocation.session();
            PathArgument path = PathArgument.of(invocation);
            if (!path.value().isEmpty()) {
                path.apply(session, path.value());
            }
            show(session.symbolPath(), invocation.out(), !path.value().isEmpty());
        }
    }

    /** The argument of .sympath and .symfix: a leading '+' (.sympath+) adds to the path instead of replacing it. */
    private record PathArgument(boolean extend, String value) {
        static PathArgument of(Invocation invocation) {
            String written = invocation.command().arguments();
            boolean extend = written.startsWith("+");
            return new PathArgument(extend, (extend ? written.substring(1) : written).strip());
        }

        void apply(Session session, String element) {
            String current = session.symbolPath();
            session.setSymbolPath(extend && !current.isEmpty() ? current + ";" + element : element);
        }
    }

    static void show(String path, PrintStream out, boolean validate) {
        out.println("Symbol search path is: " + path);
        out.println("Expanded Symbol search path is: " + expanded(path));
        if (!validate) {
            return;
        }
        out.println();
        out.println("************* Path validation summary **************");
        out.println("Response                         Time (ms)     Location");
        for (String element : path.split(";")) {
            if (!element.isBlank()) {
                out.println(String.format("%-47s%s", "Deferred", element));
            }
        }
    }

    /** {@code srv*} alone stands for the default cache and Microsoft's server. */
    private static String expanded(String path) {
        StringBuilder out = new StringBuilder();
        for (String element : path.split(";", -1)) {
            out.append(out.length() == 0 ? "" : ";").append(element.equalsIgnoreCase("srv*")
                    ? "cache*;SRV*" + MICROSOFT_SERVER : element);
        }
        return out.toString();
    }

    /** {@code .symfix[+] [LocalSymbolCache]}: the path to Microsoft's symbol server. */
    public static final class SymbolFix implements Command {
        @Override
        public void execute(Invocation invocation) {
            PathArgument argument = PathArgument.of(invocation);
            String store = argument.value();
            if (store.isEmpty()) {
                invocation.out().println("No downstream store given, using " + DEFAULT_STORE);
                store = DEFAULT_STORE;
            }
            argument.apply(invocation.session(), "srv*" + store + "*" + MICROSOFT_SERVER);
        }
    }

    /**
     * {@code .reload [/f] [/user] [/n] [Module]}: what a reload prints (transcripts 5.1): a dot per kernel module,
     * 63 on the first line and 64 on the others, the same for the implicit process's user modules, and the
     * unloaded-module list. Nothing needs reloading: the symbols are the machine's own.
     */
    public static final class Reload implements Command {
        @Override
        public void execute(Invocation invocation) {
            Session session = invocation.session();
            PrintStream out = invocation.out();
            String arguments = invocation.command().arguments().toLowerCase(java.util.Locale.ROOT);
            int kernel = session.kernelModules().modules().size();
            int user = session.contextModules().modules().size() - kernel;
            if (!arguments.contains("/user")) {
                out.println("Loading Kernel Symbols");
                dots(kernel, out);
            }
            out.println("Loading User Symbols");
            dots(user, out);
            if (!arguments.contains("/user")) {
                out.println("Loading unloaded module list");
            }
        }

        private static void dots(int count, PrintStream out) {
            int line = 63;
            for (int done = 0; done < count; done += line, line = 64) {
                out.println(".".repeat(Math.min(line, count - done)));
            }
        }
    }
}
