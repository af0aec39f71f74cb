package dev.kdlab.debugger.commands.session;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.CommandLines.ScriptForm;
import dev.kdlab.debugger.Invocation;

/**
 * {@code $<}, {@code $><}, {@code $$<}, {@code $$><} and {@code $$>a<} (Microsoft Learn, debuggercmds,
 * "$<, $><, $$<, $$><, $$>a< (Run Script File)"): run the commands of a file, line by line or as one
 * command line, the last with arguments as {@code ${$arg1}} ... The file name is relative to the
 * working directory; the interpreter does the running ({@link dev.kdlab.debugger.CommandLines}).
 */
public final class ScriptFileCommand implements Command {
    private final ScriptForm form;

    public ScriptFileCommand(ScriptForm form) {
        this.form = form;
    }

    @Override
    public void execute(Invocation invocation) throws CommandException {
        invocation.lines().runScript(form, invocation.command().arguments(), invocation.out());
    }
}
