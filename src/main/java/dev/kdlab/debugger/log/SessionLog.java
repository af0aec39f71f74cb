package dev.kdlab.debugger.log;

import java.io.IOException;
import java.io.Writer;

/**
 * Where a session is written as it happens ({@code .logopen}, {@code --html}): each command as it
 * was given, after the prompt, and everything the debugger printed for it.
 */
public interface SessionLog {

    /** No log. */
    SessionLog NONE = new SessionLog() {
        @Override
        public void command(String promptedLine) {
        }

        @Override
        public void output(String text) {
        }

        @Override
        public void close() {
        }

        @Override
        public String file() {
            return "";
        }
    };

    /** A command, with the prompt before it ({@code lkd> !process 0 0}). */
    void command(String promptedLine);

    /** Text the debugger printed (line breaks included). */
    void output(String text);

    void close();

    /** The file written, as given. */
    String file();

    /** A WinDbg log: the session's text as it appeared. */
    static SessionLog text(Writer writer, String file) {
        return new SessionLog() {
            @Override
            public void command(String promptedLine) {
                output(promptedLine + "\n");
            }

            @Override
            public void output(String text) {
                try {
                    writer.write(text);
                    writer.flush();
                } catch (IOException e) {
                    // a log that cannot be written must not stop the session
                }
            }

            @Override
            public void close() {
                try {
                    writer.close();
                } catch (IOException e) {
                    // as above
                }
            }

            @Override
            public String file() {
                return file;
            }
        };
    }
}
