package dev.kdlab.debugger.help;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The help texts: one resource per command under {@code dev/kdlab/debugger/help/}, named by the
 * command's help key ({@code extension/process.txt} for {@code !process}).
 */
public final class HelpLibrary {
    /** Where the texts live, as a resource path (and under src/main/resources). */
    public static final String ROOT = "/dev/kdlab/debugger/help/";

    private HelpLibrary() {
    }

    public static Optional<HelpText> find(String helpKey) {
        try (InputStream in = HelpLibrary.class.getResourceAsStream(resource(helpKey))) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(HelpText.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String resource(String helpKey) {
        return ROOT + helpKey + ".txt";
    }
}
