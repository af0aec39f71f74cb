package dev.kdlab.debugger;

import dev.kdlab.debugger.log.HtmlLog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The session's log file ({@code .logopen}, {@code .logappend}, {@code .logclose}): a copy of everything the
 * debugger prints, with each typed command after the prompt, as WinDbg's logs hold them. {@code /u} writes
 * UTF-16LE (with its byte order mark) instead of the default 8-bit text; {@code /html} (kdlab's own, and
 * {@code kdlab --html}) writes a web page instead ({@link HtmlLog}).
 */
public final class LogFile {
    private OutputStream file;
    private HtmlLog page;
    /** The page's text decoder, and the bytes of a character that a write cut in two. */
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer undecoded = ByteBuffer.allocate(0);
    private Path path;
    private boolean unicode;

    public boolean isOpen() {
        return file != null || page != null;
    }

    public Path path() {
        return path;
    }

    /** Opens (or appends to) a log; any log already open is closed first. */
    public void open(Path target, boolean append, boolean wide) throws IOException {
        close();
        boolean existed = Files.exists(target);
        OutputStream stream = append
                ? Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                : Files.newOutputStream(target);
        if (wide && !(append && existed)) {
            stream.write(new byte[] {(byte) 0xff, (byte) 0xfe});
        }
        file = stream;
        path = target;
        unicode = wide;
    }

    /** Opens a log written as a web page, with this title; any log already open is closed first. */
    public void openHtml(Path target, String title) throws IOException {
        close();
        page = new HtmlLog(Files.newBufferedWriter(target, StandardCharsets.UTF_8), title);
        path = target;
    }

    public void close() throws IOException {
        if (page != null) {
            page.close();
            page = null;
        }
        if (file != null) {
            try {
                file.close();
            } finally {
                file = null;
            }
        }
    }

    /** Output on its way to the screen, copied into the log (a write that fails closes the log). */
    void write(byte[] bytes, int offset, int length) {
        if (page != null) {
            page.output(decode(bytes, offset, length));
            return;
        }
        if (file == null) {
            return;
        }
        try {
            if (unicode) {
                file.write(new String(bytes, offset, length, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE));
            } else {
                file.write(bytes, offset, length);
            }
            file.flush();
        } catch (IOException e) {
            file = null;
        }
    }

    private String decode(byte[] bytes, int offset, int length) {
        ByteBuffer in = ByteBuffer.allocate(undecoded.remaining() + length);
        in.put(undecoded).put(bytes, offset, length).flip();
        CharBuffer text = CharBuffer.allocate(in.remaining());
        decoder.decode(in, text, false);
        undecoded = ByteBuffer.allocate(in.remaining()).put(in).flip();
        return text.flip().toString();
    }

    /** A command as typed at the prompt: the log shows it, the screen already does. */
    void command(String line) {
        if (page != null) {
            page.command(Debugger.PROMPT + line);
            return;
        }
        byte[] text = (Debugger.PROMPT + line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        write(text, 0, text.length);
    }

    /** An output stream that writes to {@code screen} and to the log while one is open. */
    OutputStream tee(OutputStream screen) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                screen.write(b);
                LogFile.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                screen.write(bytes, offset, length);
                LogFile.this.write(bytes, offset, length);
            }

            @Override
            public void flush() throws IOException {
                screen.flush();
            }
        };
    }
}
