package dev.kdlab.debugger.commands.session;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.LogFile;
import dev.kdlab.debugger.Session;
import dev.kdlab.lang.arguments.ArgumentScanner;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code .logopen [/t] [/u] [FileName]}, {@code .logappend [/u] [FileName]} and {@code .logclose} (Microsoft Learn,
 * debuggercmds, ".logopen (Open Log File)" ...): a copy of the session's output in a file. {@code /t} adds the
 * debugger's process id and the date and time to the name ({@code session_0f0c_2024-11-10_10-49-12-753.log});
 * {@code /u} writes Unicode; {@code /html} (kdlab's own) writes a web page, coloured as the terminal is and with
 * the pictures. kdlab writes logs inside the user's working directory only: a path that leads out
 * of it is refused, since scripts found on the web may name any file.
 */
public final class LogCommands {
    private static final String DEFAULT_NAME = "kdlab.log";

    private LogCommands() {
    }

    /** .logopen (append false) and .logappend (append true). */
    public static final class Open implements Command {
        private final boolean append;

        public Open(boolean append) {
            this.append = append;
        }

        @Override
        public void execute(Invocation invocation) throws CommandException {
            ArgumentScanner args = invocation.arguments();
            boolean stamped = false;
            boolean unicode = false;
            boolean html = false;
            while (args.peekWord().map(w -> w.startsWith("/")).orElse(false)) {
                String option = args.nextWord();
                switch (option) {
                    case "/t" -> stamped = !append;
                    case "/u" -> unicode = true;
                    case "/html" -> html = !append;
                    default -> throw new CommandException("Unknown option '" + option + "'");
                }
            }
            String name = args.rest();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            if (name.isEmpty()) {
                name = DEFAULT_NAME;
            }
            if (stamped) {
                name = stamped(name, invocation.session());
            }
            Path directory = invocation.lines().workingDirectory();
            Path path;
            try {
                path = directory.resolve(name.replace('\\', '/')).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw new CommandException("Unable to open log file '" + name + "'");
            }
            if (!path.startsWith(directory) || path.equals(directory)) {
                throw new CommandException("Log file '" + name + "' is outside the working directory " + directory
                        + "; kdlab writes logs only there");
            }
            LogFile log = invocation.session().log();
            try {
                if (log.isOpen()) {
                    invocation.out().println("Closing open log file " + log.path());
                }
                if (html) {
                    log.openHtml(path, "kdlab session");
                } else {
                    log.open(path, append, unicode);
                }
            } catch (IOException | RuntimeException e) {
                throw new CommandException("Unable to open log file '" + name + "'");
            }
            invocation.out().println("Opened log file '" + path + "'");
        }

        /** name_PID_yyyy-MM-dd_HH-mm-ss-SSS.ext, with the debugger's (kd.exe's) process id and the target's clock. */
        private static String stamped(String name, Session session) {
            long pid = session.kernelStruct("_EPROCESS", session.implicitProcess()).getOrZero("UniqueProcessId");
            long systemTime = session.kernel().readLong(0xfffff78000000014L);   // KUSER_SHARED_DATA.SystemTime
            Instant now = Instant.ofEpochSecond(0, 0).plusMillis(systemTime / 10_000 - 11_644_473_600_000L);
            String stamp = String.format("_%04x_", pid)
                    + DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss-SSS").withZone(ZoneOffset.UTC).format(now);
            int dot = name.lastIndexOf('.');
            return dot > 0 ? name.substring(0, dot) + stamp + name.substring(dot) : name + stamp;
        }
    }

    /** .logclose: "Closing open log file ...". */
    public static final class Close implements Command {
        @Override
        public void execute(Invocation invocation) throws CommandException {
            LogFile log = invocation.session().log();
            if (!log.isOpen()) {
                invocation.out().println("No log file open");
                return;
            }
            Path path = log.path();
            invocation.out().println("Closing open log file " + path);
            try {
                log.close();
            } catch (IOException e) {
                throw new CommandException("Unable to close log file '" + path + "'");
            }
        }
    }
}
