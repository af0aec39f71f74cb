package dev.kdlab.debugger.completion;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * File names on the machine kdlab runs on, relative to the working directory, as scripts
 * ({@code $$<}, {@code $$>a<}) and files ({@code .isf}, {@code .opendump}, {@code .dump}) take them.
 * A directory is offered with a trailing '/', not complete, so its own entries can follow.
 */
final class FileCandidates {
    private static final int MAX_ENTRIES = 1000;

    private FileCandidates() {
    }

    static List<Candidate> files(String partial) {
        List<Candidate> out = new ArrayList<>();
        int slash = partial.lastIndexOf('/');
        String directoryPart = slash < 0 ? "" : partial.substring(0, slash + 1);
        String typed = partial.substring(slash + 1);
        Path directory;
        try {
            directory = Path.of(directoryPart.isEmpty() ? "." : directoryPart);
        } catch (InvalidPathException e) {
            return out;
        }
        if (!Files.isDirectory(directory)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".") && !typed.startsWith(".")) {
                    continue;   // hidden files only when asked for
                }
                if (name.startsWith(typed)) {
                    boolean isDirectory = Files.isDirectory(entry);
                    out.add(new Candidate(directoryPart + name + (isDirectory ? "/" : ""), "", !isDirectory));
                }
                if (out.size() >= MAX_ENTRIES) {
                    break;
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing(Candidate::value));
        return out;
    }
}
