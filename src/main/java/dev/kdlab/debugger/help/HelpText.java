package dev.kdlab.debugger.help;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One command's help text, as its resource file writes it: a description, then sections under
 * header lines of their own ({@code Options}, {@code Example}, {@code kdlab}). The example is a
 * transcript of the default machine: lines starting {@code lkd> } are commands, the lines under
 * each are its output, and a last line {@code ...} means the output goes on. A test runs every
 * example and holds the file to what the machine prints.
 */
public record HelpText(String description, String options, List<String> example, String differences) {
    public static final String OPTIONS = "Options";
    public static final String EXAMPLE = "Example";
    public static final String DIFFERENCES = "kdlab";
    /** A last example line saying the output was cut short. */
    public static final String MORE = "...";

    public static HelpText parse(String text) {
        Map<String, List<String>> sections = new TreeMap<>();
        String current = "";
        sections.put(current, new ArrayList<>());
        for (String line : text.lines().toList()) {
            if (line.equals(OPTIONS) || line.equals(EXAMPLE) || line.equals(DIFFERENCES)) {
                current = line;
                sections.put(current, new ArrayList<>());
            } else {
                sections.get(current).add(line);
            }
        }
        return new HelpText(join(sections.get("")), join(sections.getOrDefault(OPTIONS, List.of())),
                trim(sections.getOrDefault(EXAMPLE, List.of())), join(sections.getOrDefault(DIFFERENCES, List.of())));
    }

    /** The commands the example runs, in order. */
    public List<String> exampleCommands(String prompt) {
        return example.stream().filter(l -> l.startsWith(prompt)).map(l -> l.substring(prompt.length())).toList();
    }

    private static String join(List<String> lines) {
        return String.join("\n", trim(lines));
    }

    /** Without the blank lines at either end. */
    private static List<String> trim(List<String> lines) {
        int start = 0;
        int end = lines.size();
        while (start < end && lines.get(start).isBlank()) {
            start++;
        }
        while (end > start && lines.get(end - 1).isBlank()) {
            end--;
        }
        return List.copyOf(lines.subList(start, end));
    }
}
