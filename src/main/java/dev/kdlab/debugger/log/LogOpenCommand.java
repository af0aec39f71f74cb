package dev.kdlab.debugger.log;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.lang.ArgumentScanner;
import dev.kdlab.lang.SyntaxErrorException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code .logopen [/html] File}: from now on the session (each command after its prompt, and its
 * output) is written to the file too, as WinDbg's log is; {@code /html} (kdlab's own) writes it as
 * a web page, in colour and with the pictures. An open log is closed first.
 */
public final class LogOpenCommand implements Command {
    @Override
    public void execute(Invocation invocation) throws CommandException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        boolean html = false;
        // a word after the options that starts with '/' is an absolute path, not an option
        for (Optional<String> word = args.peekWord(); word.isPresent() && word.get().equalsIgnoreCase("/html");
             word = args.peekWord()) {
            args.nextWord();
            html = true;
        }
        String file = args.nextWord();
        args.expectEnd();
        if (file.isEmpty()) {
            throw new CommandException("Usage: .logopen [/html] File");
        }
        Session session = invocation.session();
        LogCloseCommand.close(session, invocation.out());
        try {
            var writer = Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8);
            session.setLog(html ? new HtmlLog(writer, file, "kdlab session") : SessionLog.text(writer, file));
        } catch (IOException | RuntimeException e) {
            throw new CommandException("Unable to open log file '" + file + "'");
        }
        invocation.out().println("Opened log file '" + file + "'");
    }
}
