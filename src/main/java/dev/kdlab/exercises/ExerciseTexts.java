package dev.kdlab.exercises;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a track's texts from its resource file: {@code == id} starts an exercise, {@code key:} lines
 * (title, level, lesson, task, hint, reveal) start a text that runs to the next key; {@code #} lines
 * are comments. {@code {name}} placeholders are the checker's parameters.
 */
final class ExerciseTexts {
    /** One exercise's texts as written. */
    record Text(String id, String title, int level, String lesson, String task, List<String> hints, String reveal) {
    }

    private static final Pattern KEY = Pattern.compile("^(title|level|lesson|task|hint|reveal):\\s*(.*)$");

    private ExerciseTexts() {
    }

    static Map<String, Text> read(Track track) {
        String resource = track.file() + ".txt";
        try (InputStream in = ExerciseTexts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing exercise texts " + resource);
            }
            return parse(resource, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Text> parse(String source, List<String> lines) {
        Map<String, Text> texts = new LinkedHashMap<>();
        Map<String, List<String>> fields = null;
        String id = null;
        List<String> current = null;
        for (String line : lines) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("== ")) {
                if (id != null) {
                    texts.put(id, text(source, id, fields));
                }
                id = line.substring(3).strip();
                fields = new LinkedHashMap<>();
                current = null;
                continue;
            }
            Matcher key = KEY.matcher(line);
            if (key.matches() && fields != null) {
                String name = key.group(1).equals("hint") ? "hint" + countHints(fields) : key.group(1);
                current = new ArrayList<>();
                if (!key.group(2).isEmpty()) {
                    current.add(key.group(2));
                }
                fields.put(name, current);
            } else if (current != null) {
                current.add(line);
            }
        }
        if (id != null) {
            texts.put(id, text(source, id, fields));
        }
        return texts;
    }

    private static int countHints(Map<String, List<String>> fields) {
        return (int) fields.keySet().stream().filter(k -> k.startsWith("hint")).count() + 1;
    }

    private static Text text(String source, String id, Map<String, List<String>> fields) {
        List<String> hints = new ArrayList<>();
        for (int i = 1; i <= Exercise.HINTS; i++) {
            hints.add(required(source, id, fields, "hint" + i));
        }
        if (fields.containsKey("hint" + (Exercise.HINTS + 1))) {
            throw new IllegalStateException(source + ": " + id + " has more than three hints");
        }
        return new Text(id, required(source, id, fields, "title"),
                Integer.parseInt(required(source, id, fields, "level")), required(source, id, fields, "lesson"),
                required(source, id, fields, "task"), List.copyOf(hints), required(source, id, fields, "reveal"));
    }

    private static String required(String source, String id, Map<String, List<String>> fields, String key) {
        List<String> lines = fields.get(key);
        if (lines == null) {
            throw new IllegalStateException(source + ": " + id + " has no " + key.replaceAll("\\d", ""));
        }
        List<String> trimmed = new ArrayList<>(lines);
        while (!trimmed.isEmpty() && trimmed.get(trimmed.size() - 1).isBlank()) {
            trimmed.remove(trimmed.size() - 1);
        }
        return String.join("\n", trimmed).strip();
    }
}
