package dev.kdlab.debugger.commands.execution;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.breakpoints.FlowRunner;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.target.ProcessLab;
import dev.kdlab.target.ProcessLab.CreateRequest;

import java.util.Optional;

/**
 * The commands that run the kernel's flows: {@code .create} and {@code .kill} start one, {@code g},
 * {@code t}, {@code p} and {@code gu} let a stopped one go on. Steps are routine by routine: only the
 * flow's named routines execute, there is no instruction emulation.
 */
public final class FlowCommands {
    private FlowCommands() {
    }

    /** {@code g}, {@code t}, {@code p}, {@code gu}. */
    public static final class Resume implements Command {
        private final ProcessLab.Resume how;

        public Resume(ProcessLab.Resume how) {
            this.how = how;
        }

        @Override
        public void execute(Invocation invocation) throws CommandException, SyntaxErrorException {
            invocation.arguments().expectEnd();
            FlowRunner.resume(invocation, how, invocation.command().writtenName());
        }
    }

    /** {@code .create [/p Pid] [/u User] [/s Session] [/suspended] ImagePath [Arguments]}. */
    public static final class Create implements Command {
        @Override
        public void execute(Invocation invocation) throws CommandException, ExpressionException, SyntaxErrorException {
            ProcessLab lab = FlowRunner.labToRun(invocation.session(), invocation.out());
            FlowRunner.requireIdle(lab, ".create");
            ArgumentScanner args = invocation.arguments();
            Long parent = null;
            String user = null;
            Integer session = null;
            boolean suspended = false;
            for (Optional<String> option = args.nextOption(); option.isPresent(); option = args.nextOption()) {
                switch (option.get().toLowerCase()) {
                    case "/p" -> parent = args.nextWordExpression();
                    case "/u" -> user = args.nextWord();
                    case "/s" -> session = (int) args.nextWordExpression();
                    case "/suspended" -> suspended = true;
                    default -> throw new CommandException("kdlab: .create does not know " + option.get());
                }
            }
            String path = args.nextWord();
            if (path.isEmpty()) {
                throw new CommandException("kdlab: .create needs an image path (.create C:\\Windows\\System32\\notepad.exe)");
            }
            String arguments = args.rest().trim();
            ProcessLab.Event event = lab.create(new CreateRequest(path, arguments, parent, user, session, suspended),
                    invocation.session().breakpoints()::breaksAt);
            FlowRunner.show(invocation, event, "create process '" + path + "'");
        }
    }

    /** {@code .kill Pid}. */
    public static final class Kill implements Command {
        @Override
        public void execute(Invocation invocation) throws CommandException, ExpressionException, SyntaxErrorException {
            // the arguments first: a wrong line should not boot the live machine
            ArgumentScanner args = invocation.arguments("kdlab: .kill needs a process id (.kill 1a2c)");
            long processId = args.nextWordExpression();
            args.expectEnd();
            ProcessLab lab = FlowRunner.labToRun(invocation.session(), invocation.out());
            FlowRunner.requireIdle(lab, ".kill");
            ProcessLab.Event event = lab.kill(processId, invocation.session().breakpoints()::breaksAt);
            FlowRunner.show(invocation, event, "terminate process " + Long.toHexString(processId));
        }
    }
}
