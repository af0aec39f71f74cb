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
    }

    /** What {@code .create <image>} asks for: the image as typed, no arguments, the default parent, user and session. */
    private static ProcessLab.CreateRequest request(String image) {
        return new ProcessLab.CreateRequest(image, "", null, null, null, false);
    }

    static Truth beforeInsert(Lab lab) {
        Reads r = lab.reads();
        String image = lab.pick(List.of("notepad.exe", "cmd.exe"));
        Target finished = lab.scratch().get();
        ProcessLab.Event end = finished.processLab().orElseThrow().create(request(image), address -> false);
        if (!(end instanceof ProcessLab.Finished done)) {
            throw new IllegalStateException(".create " + image + " did not finish: " + end);
        }
        long eprocess = done.eprocess();
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
}
