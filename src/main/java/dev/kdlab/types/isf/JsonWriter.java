package dev.kdlab.types.isf;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes JSON objects as a stream, two blanks of indentation per level: enough for an ISF file, which holds
 * objects, strings, integers and booleans only (no arrays, no floats). Keys come in the order written.
 */
final class JsonWriter {
    private final Writer out;
    /** For each open object: true until its first member is written. */
    private final Deque<Boolean> open = new ArrayDeque<>();

    JsonWriter(Writer out) {
        this.out = out;
    }

    /** Starts the top-level object, or the value of the member last named. */
    JsonWriter beginObject() throws IOException {
        out.write('{');
        open.push(true);
        return this;
    }

    JsonWriter endObject() throws IOException {
        boolean empty = open.pop();
        if (!empty) {
            newLine();
        }
        out.write('}');
        if (open.isEmpty()) {
            out.write('\n');
        }
        return this;
    }

    /** Starts a member of the current object; its value follows. */
    JsonWriter name(String name) throws IOException {
        if (!open.pop()) {
            out.write(',');
        }
        open.push(false);
        newLine();
        string(name);
        out.write(": ");
        return this;
    }

    JsonWriter value(String value) throws IOException {
        string(value);
        return this;
    }

    JsonWriter value(long value) throws IOException {
        out.write(Long.toString(value));
        return this;
    }

    JsonWriter value(boolean value) throws IOException {
        out.write(value ? "true" : "false");
        return this;
    }

    /** A member with a string, integer or boolean value. */
    JsonWriter member(String name, String value) throws IOException {
        return name(name).value(value);
    }

    JsonWriter member(String name, long value) throws IOException {
        return name(name).value(value);
    }

    JsonWriter member(String name, boolean value) throws IOException {
        return name(name).value(value);
    }

    private void newLine() throws IOException {
        out.write('\n');
        for (int i = 0; i < open.size(); i++) {
            out.write("  ");
        }
    }

    /** A JSON string: quotes, backslashes and control characters escaped, non-ASCII as \\uXXXX. */
    private void string(String s) throws IOException {
        out.write('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.write("\\\"");
                case '\\' -> out.write("\\\\");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                case '\t' -> out.write("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.write(String.format("\\u%04x", (int) c));
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        out.write('"');
    }
}
