package dev.kdlab.exercises.checks;

import dev.kdlab.exercises.Exercises;
import dev.kdlab.exercises.Lab;
import dev.kdlab.exercises.Reads;
import dev.kdlab.exercises.Truth;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.scenario.Anomaly;
import dev.kdlab.target.ProcessLab;
import dev.kdlab.target.Target;

import java.util.ArrayList;
import java.util.List;

/**
 * The creation stages, made hands-on by the kernel's creation flow (Target.processLab): what a process
 * already has when PspInsertProcess (stage 3F) is entered. The checker runs the same .create twice on
 * scratch machines of the seed (same seed, same addresses): once to its end, once to the breakpoint, and
 * compares the new EPROCESS's fields by bytes.
 */
public final class CreationChecks {
    /** The fields asked about, in the order the stages write them (Windows Internals ch. 3, stages 3A-3F). */
    static final List<String> FIELDS = List.of("Token", "ObjectTable", "Pcb.DirectoryTableBase", "SectionBaseAddress",
            "Peb", "UniqueProcessId", "ActiveProcessLinks.Flink", "ThreadListHead.Flink");

    private CreationChecks() {
    }

    public static void define(Exercises.Definitions d) {
        d.add("l3-creation-before-insert", Anomaly.NONE, CreationChecks::beforeInsert);
        d.add("l4-creation-who-wrote", Anomaly.NONE, CreationChecks::whoWrote);
    }

    /** What {@code .create <image>} asks for: the image as typed, no arguments, the default parent, user and session. */
    private static ProcessLab.CreateRequest request(String image) {
        return new ProcessLab.CreateRequest(image, "", null, null, null, false);
    }

    /** Runs {@code .create image} to its end on a scratch machine; returns the new EPROCESS. */
    private static long createToTheEnd(Target machine, String image) {
        ProcessLab.Event end = machine.processLab().orElseThrow().create(request(image), address -> false);
        if (!(end instanceof ProcessLab.Finished done)) {
            throw new IllegalStateException(".create " + image + " did not finish: " + end);
        }
        return done.eprocess();
    }

    static Truth beforeInsert(Lab lab) {
        Reads r = lab.reads();
        String image = lab.pick(List.of("notepad.exe", "cmd.exe"));
        Target finished = lab.scratch().get();
        long eprocess = createToTheEnd(finished, image);
        Reads after = new Reads(finished);

        Target stopped = lab.scratch().get();
        Reads atStop = new Reads(stopped);
        long insert = atStop.symbolQuietly("PspInsertProcess");
        ProcessLab flow = stopped.processLab().orElseThrow();
        ProcessLab.Event stop = flow.create(request(image), address -> address == insert);
        if (!(stop instanceof ProcessLab.Stopped at) || !at.at().name().endsWith("PspInsertProcess")) {
            throw new IllegalStateException("no stop at PspInsertProcess: " + stop);
        }
        try {
            String name = atStop.peekAnsi("_EPROCESS", eprocess, "ImageFileName");
            if (!name.equalsIgnoreCase(image)) {
                throw new IllegalStateException("the stopped creation's EPROCESS is elsewhere: " + name);
            }
            r.note("nt!PspInsertProcess entered for the new EPROCESS %s (%s)", Reads.address(eprocess), name);
            VirtualMemory kernel = stopped.kernelSpace();
            boolean listed = atStop.peekWalk(kernel, atStop.symbolQuietly("PsActiveProcessHead"),
                    atStop.offset("_EPROCESS", "ActiveProcessLinks")).contains(eprocess);
            r.note("on nt!PsActiveProcessHead's list at the stop: %s", listed ? "yes" : "no");
            List<String> settled = new ArrayList<>();
            for (String field : FIELDS) {
                long now = atStop.peek(kernel, "_EPROCESS", eprocess, field);
                long then = after.peek(finished.kernelSpace(), "_EPROCESS", eprocess, field);
                long own = eprocess + atStop.offset("_EPROCESS", field);   // an empty list points at itself
                boolean set = now != 0 && now != own;
                r.note("_EPROCESS +0x%x %s: at the stop %s, after g %s%s", atStop.offset("_EPROCESS", field), field,
                        Reads.hex(now), Reads.hex(then), set && now == then ? ": final" : "");
                if (set && now == then) {
                    settled.add(field.replace(".Flink", ""));
                }
            }
            return Truth.builder(r).parameter("image", image).names("the fields already final", settled).build();
        } finally {
            flow.resume(ProcessLab.Resume.GO);
        }
    }

    /** Fields one routine of the flow writes once (PspSetupProcess, KeInitializeProcess, MmCreatePeb...). */
    static final List<String> WRITTEN_ONCE = List.of("Token", "Peb", "UniqueProcessId", "Pcb.DirectoryTableBase",
            "SectionBaseAddress", "ObjectTable", "InheritedFromUniqueProcessId");
    /** More stops than any creation makes (ntdll's loader runs once per module). */
    private static final int MAX_STOPS = 10_000;

    /**
     * Which routine writes a field: the creation stopped at every routine's entry; the field first holds
     * its final value at some stop, so the routine stopped at just before was running when it was
     * written. The subject is a field for which this reading by bytes and the flow's own record of its
     * writes (ProcessLab.trace) agree, so the exercise never grades against an ambiguous step.
     */
    static Truth whoWrote(Lab lab) {
        Reads r = lab.reads();
        String image = lab.pick(List.of("notepad.exe", "cmd.exe"));
        Target finished = lab.scratch().get();
        long eprocess = createToTheEnd(finished, image);
        Reads after = new Reads(finished);

        Target stepped = lab.scratch().get();
        Reads atStops = new Reads(stepped);
        ProcessLab flow = stepped.processLab().orElseThrow();
        List<String> routines = new ArrayList<>();
        List<long[]> values = new ArrayList<>();   // per stop, the fields' values
        ProcessLab.Event event = flow.create(request(image), address -> true);
        while (event instanceof ProcessLab.Stopped stop && routines.size() < MAX_STOPS) {
            routines.add(stop.at().name());
            long[] now = new long[WRITTEN_ONCE.size()];
            for (int i = 0; i < now.length; i++) {
                try {
                    now[i] = atStops.peek(stepped.kernelSpace(), "_EPROCESS", eprocess, WRITTEN_ONCE.get(i));
                } catch (RuntimeException e) {
                    now[i] = 0;   // the EPROCESS is not there yet
                }
            }
            values.add(now);
            event = flow.resume(ProcessLab.Resume.GO);
        }
        List<ProcessLab.TracedWrite> trace = flow.trace();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < WRITTEN_ONCE.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(lab.variant().nextLong()));
        for (int i : order) {
            String field = WRITTEN_ONCE.get(i);
            long last = after.peek(finished.kernelSpace(), "_EPROCESS", eprocess, field);
            int first = -1;
            for (int k = 0; k < values.size(); k++) {
                if (values.get(k)[i] == last && first < 0) {
                    first = k;
                } else if (values.get(k)[i] != last) {
                    first = -1;
                }
            }
            if (last == 0 || first <= 0) {
                continue;
            }
            String writer = routines.get(first - 1);
            long address = eprocess + atStops.offset("_EPROCESS", field);
            boolean traced = trace.stream().anyMatch(t -> t.write().address() == address
                    && t.write().newValue() == last && bare(t.routine()).equals(bare(writer)));
            if (!traced) {
                continue;
            }
            r.note("the same .create %s on a scratch machine of the seed, stopped at every routine's entry", image);
            r.note("_EPROCESS %s +0x%x %s: not yet %s at the entry of %s, %s from the entry of %s on",
                    Reads.address(eprocess), atStops.offset("_EPROCESS", field), field, Reads.hex(last), writer,
                    Reads.hex(last), routines.get(first));
            Truth.Builder truth = Truth.builder(r).parameter("image", image).parameter("field", field)
                    .name("the routine", bare(writer), "nt!" + bare(writer))
                    .nearName(bare(routines.get(first)), "That routine was entered after the field already held its "
                            + "value: the writer ran just before it.");
            for (String caller : List.of("PspAllocateProcess", "NtCreateUserProcess")) {
                if (!caller.equals(bare(writer))) {
                    truth.nearName(caller, caller + " calls the stage routines; the field is written inside one of "
                            + "them: stop at each.");
                }
            }
            return truth.build();
        }
        throw new IllegalStateException("no field whose writer the stops and the trace agree on");
    }

    private static String bare(String routine) {
        return routine.startsWith("nt!") ? routine.substring(3) : routine;
    }
}
