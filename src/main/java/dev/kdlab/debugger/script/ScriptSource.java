package dev.kdlab.debugger.script;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a command program came from, to say where it stopped: a script file and the 1-based line
 * of each position in the text that was run ($$>< runs a whole file as one line, $$< one line at
 * a time from {@code firstLine}). Typed lines have no source.
 */
record ScriptSource(String file, int firstLine, int[] lineStarts) {

    static ScriptSource of(String file, int firstLine, String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return new ScriptSource(file, firstLine, starts.stream().mapToInt(Integer::intValue).toArray());
    }

    int line(int offset) {
        int line = 0;
        while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) {
            line++;
        }
        return firstLine + line;
    }
}
