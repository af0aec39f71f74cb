package dev.kdlab.debugger;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A command's output stream: everything goes to the session's stream, after a check of the
 * interruption flag, and to the session's log if one is open. Commands that loop long print as
 * they go, so Ctrl-C stops them at their next line without each loop polling. The check comes
 * before anything is handed on, so an interrupted command leaves no half-encoded text behind; the
 * text is encoded by the session's own stream.
 */
final class InterruptibleOutput extends PrintStream {
    private final PrintStream out;
    private final Interruption interruption;
    private final Session session;

    /** {@code interruption} null: output that is never interrupted (the debugger's own error lines). */
    InterruptibleOutput(PrintStream out, Interruption interruption, Session session) {
        super(OutputStream.nullOutputStream());
        this.out = out;
        this.interruption = interruption;
        this.session = session;
    }

    private void check() {
        if (interruption != null) {
            interruption.check();
        }
    }

    @Override
    public void write(int b) {
        check();
        out.write(b);
        session.log().output(String.valueOf((char) b));
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        check();
        out.write(buf, off, len);
        session.log().output(new String(buf, off, len, StandardCharsets.UTF_8));
    }

    @Override
    public void write(byte[] buf) {
        write(buf, 0, buf.length);
    }

    @Override
    public void print(boolean b) {
        print(String.valueOf(b));
    }

    @Override
    public void print(char c) {
        print(String.valueOf(c));
    }

    @Override
    public void print(int i) {
        print(String.valueOf(i));
    }

    @Override
    public void print(long l) {
        print(String.valueOf(l));
    }

    @Override
    public void print(float f) {
        print(String.valueOf(f));
    }

    @Override
    public void print(double d) {
        print(String.valueOf(d));
    }

    @Override
    public void print(char[] s) {
        print(new String(s));
    }

    @Override
    public void print(String s) {
        check();
        out.print(s);
        session.log().output(String.valueOf(s));
    }

    @Override
    public void print(Object obj) {
        print(String.valueOf(obj));
    }

    @Override
    public void println() {
        check();
        out.println();
        session.log().output("\n");
    }

    @Override
    public void println(boolean x) {
        println(String.valueOf(x));
    }

    @Override
    public void println(char x) {
        println(String.valueOf(x));
    }

    @Override
    public void println(int x) {
        println(String.valueOf(x));
    }

    @Override
    public void println(long x) {
        println(String.valueOf(x));
    }

    @Override
    public void println(float x) {
        println(String.valueOf(x));
    }

    @Override
    public void println(double x) {
        println(String.valueOf(x));
    }

    @Override
    public void println(char[] x) {
        println(new String(x));
    }

    @Override
    public void println(String x) {
        check();
        out.println(x);
        session.log().output(x + "\n");
    }

    @Override
    public void println(Object x) {
        println(String.valueOf(x));
    }

    @Override
    public PrintStream printf(String format, Object... args) {
        return format(format, args);
    }

    @Override
    public PrintStream printf(Locale l, String format, Object... args) {
        return format(l, format, args);
    }

    @Override
    public PrintStream format(String format, Object... args) {
        print(String.format(format, args));
        return this;
    }

    @Override
    public PrintStream format(Locale l, String format, Object... args) {
        print(String.format(l, format, args));
        return this;
    }

    @Override
    public PrintStream append(CharSequence csq) {
        print(String.valueOf(csq));
        return this;
    }

    @Override
    public PrintStream append(CharSequence csq, int start, int end) {
        print(String.valueOf(csq == null ? "null" : csq.subSequence(start, end)));
        return this;
    }

    @Override
    public PrintStream append(char c) {
        print(c);
        return this;
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.flush();   // the session's stream outlives the command
    }

    @Override
    public boolean checkError() {
        return out.checkError();
    }
}
