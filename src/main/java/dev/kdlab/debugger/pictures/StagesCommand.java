package dev.kdlab.debugger.pictures;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.breakpoints.FlowRunner;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.target.ProcessLab.Routine;
import dev.kdlab.target.ProcessLab.Stopped;
import dev.kdlab.target.ProcessLab.TracedWrite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code !kdlab.stages}: kdlab's own picture of the last {@code .create} (or {@code .kill}) as the
 * stages Windows Internals (7th ed., part 1, ch. 3, "Flow of CreateProcess") gives it: under
 * NtCreateUserProcess, PspAllocateProcess's stages 3A-3F, the initial thread (4) and the new
 * process's own start-up in ntdll (7); each step a routine with the number of fields it wrote. It
 * reads the same trace {@code !kdlab.trace} prints, step for step; when the flow waits at a
 * breakpoint or step, the last line says where.
 */
public final class StagesCommand implements Command {
    private static final int ROUTINE_COLUMN = 36;

    /** What each stage does, in Windows Internals' words (ch. 3: stages 3A-3F, 4, 6 and 7). */
    private static final Map<String, String> STAGES = Map.ofEntries(
            Map.entry("3A", "Setting up the EPROCESS object"),
            Map.entry("3B", "Creating the initial process address space"),
            Map.entry("3C", "Initializing the kernel process structure"),
            Map.entry("3D", "Concluding the setup of the process address space"),
            Map.entry("3E", "Setting up the PEB"),
            Map.entry("3F", "Completing the setup of the executive process object"),
            Map.entry("4", "Creating the initial thread and its stack and context"),
            Map.entry("6", "Starting execution of the initial thread"),
            Map.entry("7", "Performing process initialization in the context of the new process"),
            Map.entry("exit", "Terminating the process and its threads"));

    /** One step as !kdlab.trace heads it: a run of writes by one routine. */
    private record Step(String stage, String routine, int fields) {
    }

    @Override
    public void execute(Invocation invocation) throws CommandException, SyntaxErrorException {
        invocation.arguments().expectEnd();
        List<TracedWrite> trace = FlowRunner.lab(invocation.session()).trace();
        if (trace.isEmpty()) {
            throw new CommandException("kdlab: no .create or .kill has run in this session");
        }
        List<Step> steps = steps(trace);
        boolean exit = steps.stream().allMatch(s -> s.stage().equals("exit"));
        TreeDrawing.Node root = new TreeDrawing.Node((exit ? "nt!NtTerminateProcess" : "nt!NtCreateUserProcess") + ": "
                + steps.size() + " steps, " + count(trace.size()));
        Map<String, TreeDrawing.Node> groups = new LinkedHashMap<>();
        Map<String, TreeDrawing.Node> stages = new LinkedHashMap<>();
        Map<String, Integer> stageFields = steps.stream()
                .collect(Collectors.groupingBy(Step::stage, Collectors.summingInt(Step::fields)));
        for (Step step : steps) {
            TreeDrawing.Node stage = stages.computeIfAbsent(step.stage(), name -> {
                String group = group(name);
                TreeDrawing.Node parent = group == null ? root
                        : groups.computeIfAbsent(group, g -> root.child(new TreeDrawing.Node(g)));
                return parent.child(new TreeDrawing.Node(name + "  " + STAGES.getOrDefault(name, "") + ": "
                        + count(stageFields.get(name))));
            });
            stage.child(new TreeDrawing.Node(columns(qualified(step.routine()), step.fields())));
        }
        invocation.session().flowStop().ifPresent(stop -> root.child(new TreeDrawing.Node(
                invocation.session().glyphs().here() + " " + where(stop))));
        new TreeDrawing(invocation.session().glyphs(), invocation.out()).root(root);
    }

    /** The trace's writes in runs by routine: the steps !kdlab.trace heads with "[stage] routine". */
    private static List<Step> steps(List<TracedWrite> trace) {
        List<Step> steps = new java.util.ArrayList<>();
        for (TracedWrite traced : trace) {
            Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
            if (last != null && last.routine().equals(traced.routine())) {
                steps.set(steps.size() - 1, new Step(last.stage(), last.routine(), last.fields() + 1));
            } else {
                steps.add(new Step(traced.stage(), traced.routine(), 1));
            }
        }
        return steps;
    }

    /** The routine a stage runs inside (ch. 3): PspAllocateProcess's 3A-3F, the thread's 4-6, ntdll's 7. */
    private static String group(String stage) {
        if (stage.startsWith("3")) {
            return "nt!PspAllocateProcess";
        }
        if (stage.equals("4") || stage.equals("6")) {
            return "nt!PspCreateThread";
        }
        return stage.equals("7") ? "ntdll!LdrInitializeThunk (the new process's initial thread)" : null;
    }

    private static String where(Stopped stop) {
        List<Routine> chain = stop.chain();
        String callers = chain.stream().map(Routine::name).filter(name -> !name.equals(stop.at().name()))
                .map(StagesCommand::qualified).collect(Collectors.joining(" > "));
        return "stopped " + (stop.returned() ? "back in " : "at the entry of ") + qualified(stop.at().name())
                + (callers.isEmpty() ? "" : " (called from " + callers + ")");
    }

    private static String columns(String text, int fields) {
        return String.format("%-" + ROUTINE_COLUMN + "s %5s", text, fields) + " " + (fields == 1 ? "field" : "fields");
    }

    private static String count(int fields) {
        return fields + (fields == 1 ? " field" : " fields") + " written";
    }

    private static String qualified(String routine) {
        return routine.isEmpty() ? "(outside the flow's routines)" : routine.contains("!") ? routine : "nt!" + routine;
    }
}
