package dev.kdlab.exercises;

import dev.kdlab.debugger.Debugger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs an exercise's reference solution ({@code exercises/<id>.kd} under the test resources) in a
 * debugger session, the way a learner would: each command's output is read and values are taken from it.
 * Directives in {@code $$} comment lines:
 * <pre>
 * $$ take NAME[,NAME...] /REGEX/ [#N]   bind groups of the N-th match (default first) in the last output
 * $$ count NAME /REGEX/                 bind how many times REGEX matches the last output
 * $$ collect NAME /REGEX/               bind group 1 of every match, joined with ", "
 * $$ eval NAME EXPRESSION               bind ? EXPRESSION's value (0x...)
 * $$ diff NAME A B                      bind the items of collected A not in collected B (names, any case)
 * $$ answer TEMPLATE                    the answer the solution arrives at
 * $$ miss TEMPLATE =&gt; FRAGMENT          a typical wrong answer and a fragment of its near-miss message
 * </pre>
 * Templates and commands have {@code {name}} filled from the bindings and the task's parameters.
 */
final class SolutionRun {
    private static final Pattern TAKE = Pattern.compile("\\$\\$ (take|count|collect) ([\\w,]+) /(.*)/(?: #(\\d+))?\\s*");
    private static final Pattern EVAL = Pattern.compile("\\$\\$ eval (\\w+) (.+)");
    private static final Pattern DIFF = Pattern.compile("\\$\\$ diff (\\w+) (\\w+) (\\w+)");
    private static final Pattern ANSWER = Pattern.compile("\\$\\$ answer (.+)");
    private static final Pattern MISS = Pattern.compile("\\$\\$ miss (.+?) => (.+)");
    private static final Pattern EVALUATED = Pattern.compile("Evaluate expression: -?\\d+ = ([0-9a-f`]+)");

    record Miss(String answer, String fragment) {
    }

    final Map<String, String> bound = new HashMap<>();
    final List<Miss> misses = new ArrayList<>();
    final StringBuilder transcript = new StringBuilder();
    String answer;
    /** Names a take could not bind (its pattern did not match): what a clean machine shows. */
    final List<String> unmatched = new ArrayList<>();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    final Debugger debugger;
    final ExerciseSession session;
    private String lastOutput = "";

    /** A session on the seed's clean machine, with the exercise commands and progress in {@code data}. */
    SolutionRun(long seed, Path data) {
        this(seed, data, BootedLabs.SHARED);
    }

    /**
     * The same with another booter: exercises whose solution changes its machine (a .create) get machines
     * of their own, so the shared ones stay as booted.
     */
    SolutionRun(long seed, Path data, LabBooter booter) {
        debugger = new Debugger(BootedLabs.SHARED.boot(seed, dev.kdlab.scenario.Anomaly.NONE).target(),
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        session = ExerciseSession.install(debugger, Exercises::catalog, new ProgressStore(data, Clock.systemUTC()),
                booter, seed);
    }

    /** Runs one command line and returns what it printed. */
    String run(String line) {
        buffer.reset();
        debugger.execute(line);
        lastOutput = buffer.toString(StandardCharsets.UTF_8);
        transcript.append(debugger.prompt()).append(line).append('\n').append(lastOutput);
        return lastOutput;
    }

    static List<String> solution(String id) {
        try (InputStream in = SolutionRun.class.getResourceAsStream(id + ".kd")) {
            if (in == null) {
                throw new AssertionError("no reference solution " + id + ".kd");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the solution's lines; parameters fill {@code {name}} before the bindings do. */
    void follow(List<String> lines, Map<String, String> parameters) {
        bound.putAll(parameters);
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            Matcher take = TAKE.matcher(line);
            Matcher eval = EVAL.matcher(line);
            Matcher answerLine = ANSWER.matcher(line);
            Matcher miss = MISS.matcher(line);
            Matcher diff = DIFF.matcher(line);
            if (diff.matches()) {
                java.util.Set<String> exclude = new java.util.HashSet<>();
                for (String item : bound.getOrDefault(diff.group(3), "").split(", ")) {
                    exclude.add(item.toLowerCase(java.util.Locale.ROOT));
                }
                List<String> left = new ArrayList<>();
                for (String item : bound.getOrDefault(diff.group(2), "").split(", ")) {
                    if (!item.isEmpty() && !exclude.contains(item.toLowerCase(java.util.Locale.ROOT))) {
                        left.add(item);
                    }
                }
                bound.put(diff.group(1), String.join(", ", left));
                if (left.isEmpty()) {
                    unmatched.add(diff.group(1));
                }
            } else if (take.matches()) {
                take(take.group(1), take.group(2).split(","), fill(take.group(3)),
                        take.group(4) == null ? 1 : Integer.parseInt(take.group(4)));
            } else if (eval.matches() && fill(eval.group(2)).contains("{")) {
                unmatched.add(eval.group(1));   // rests on a value the output did not show
            } else if (eval.matches()) {
                String output = run("? " + fill(eval.group(2)));
                Matcher value = EVALUATED.matcher(output);
                if (!value.find()) {
                    throw new AssertionError("eval failed: " + output + "\n" + transcript);
                }
                bound.put(eval.group(1), "0x" + Long.toHexString(Long.parseUnsignedLong(value.group(1).replace("`", ""), 16)));
            } else if (answerLine.matches()) {
                answer = fill(answerLine.group(1));
            } else if (miss.matches()) {
                misses.add(new Miss(fill(miss.group(1)), miss.group(2).strip()));
            } else if (line.startsWith("$$")) {
                continue;   // a comment for the reader
            } else {
                run(fill(line));
            }
        }
    }

    private void take(String kind, String[] names, String regex, int nth) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(lastOutput);
        switch (kind) {
            case "count" -> {
                int count = 0;
                while (m.find()) {
                    count++;
                }
                bound.put(names[0], Integer.toString(count));
            }
            case "collect" -> {
                List<String> all = new ArrayList<>();
                while (m.find()) {
                    all.add(m.group(1));
                }
                bound.put(names[0], String.join(", ", all));
                if (all.isEmpty()) {
                    unmatched.add(names[0]);
                }
            }
            default -> {
                for (int i = 0; i < nth; i++) {
                    if (!m.find()) {
                        unmatched.addAll(List.of(names));
                        return;
                    }
                }
                if (names.length == 1) {   // alternatives: the group that matched
                    for (int g = 1; g <= m.groupCount(); g++) {
                        if (m.group(g) != null) {
                            bound.put(names[0], m.group(g));
                            break;
                        }
                    }
                    return;
                }
                for (int g = 0; g < names.length; g++) {
                    bound.put(names[g], m.group(g + 1));
                }
            }
        }
    }

    String fill(String template) {
        String filled = template;
        for (Map.Entry<String, String> entry : bound.entrySet()) {
            filled = filled.replace("{" + entry.getKey() + "}", entry.getValue());
        }
        return filled;
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(bound.get(name));
    }
}
