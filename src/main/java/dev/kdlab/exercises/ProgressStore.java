package dev.kdlab.exercises;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The learner's progress, in {@code progress.txt} under the XDG data directory ({@code $XDG_DATA_HOME/kdlab},
 * else {@code ~/.local/share/kdlab}). Written whole to a temporary file beside it and moved over it, so a
 * crash leaves the old file or the new one. A file that does not read (corrupt, or written by a newer
 * kdlab) is reported and moved aside under a new name, never overwritten.
 *
 * <pre>
 * kdlab-progress 1
 * l1-pid-by-name attempts=2 hints=1 solved=yes
 * </pre>
 */
public final class ProgressStore {
    static final int VERSION = 1;
    static final String FILE = "progress.txt";
    private static final Pattern HEADER = Pattern.compile("kdlab-progress (\\d{1,9})");
    private static final Pattern LINE = Pattern.compile("([a-z0-9-]+) attempts=(\\d{1,9}) hints=(\\d) solved=(yes|no)");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final Clock clock;
    private final Map<String, Progress> progress = new TreeMap<>();
    private boolean loaded;
    private boolean saveFailedReported;

    public ProgressStore(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** The XDG location: {@code $XDG_DATA_HOME/kdlab} when that is an absolute path, else {@code ~/.local/share/kdlab}. */
    public static Path defaultDirectory(Map<String, String> environment, String userHome) {
        String xdg = environment.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "kdlab");
        }
        return Path.of(userHome, ".local", "share", "kdlab");
    }

    public Path file() {
        return directory.resolve(FILE);
    }

    /** Reads the file once; what went wrong (a file moved aside) goes to {@code report}. */
    public Map<String, Progress> all(Consumer<String> report) {
        if (!loaded) {
            loaded = true;
            load(report);
        }
        return Map.copyOf(progress);
    }

    public Progress of(String id, Consumer<String> report) {
        return all(report).getOrDefault(id, Progress.NONE);
    }

    /** Records one exercise's progress and writes the file. */
    public void put(String id, Progress value, Consumer<String> report) {
        all(report);
        progress.put(id, value);
        save(report);
    }

    /** Forgets one exercise ({@code id}) or all of them ({@code null}), and writes the file. */
    public void reset(String id, Consumer<String> report) {
        all(report);
        if (id == null) {
            progress.clear();
        } else {
            progress.remove(id);
        }
        save(report);
    }

    private void load(Consumer<String> report) {
        Path file = file();
        if (!Files.exists(file)) {
            return;   // no progress yet (or no folder: the first save says so)
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            // unreadable as UTF-8 or as a file: the same as corrupt
            moveAside(file, "corrupt", "cannot be read (" + e.getClass().getSimpleName() + ")", report);
            return;
        }
        Matcher header = lines.isEmpty() ? null : HEADER.matcher(lines.get(0).strip());
        if (header == null || !header.matches()) {
            moveAside(file, "corrupt", "is not a kdlab progress file", report);
            return;
        }
        int version = Integer.parseInt(header.group(1));
        if (version > VERSION) {
            moveAside(file, "v" + version, "was written by a newer kdlab (format " + version + ", this one reads "
                    + VERSION + ")", report);
            return;
        }
        Map<String, Progress> read = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                moveAside(file, "corrupt", "has a line kdlab cannot read: " + line.strip(), report);
                return;
            }
            read.put(m.group(1), new Progress(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    m.group(4).equals("yes")));
        }
        progress.putAll(read);
    }

    private void moveAside(Path file, String why, String problem, Consumer<String> report) {
        Path aside = file.resolveSibling(FILE + "." + why + "-" + STAMP.format(clock.instant()));
        try {
            Files.move(file, aside);
            report.accept("Progress file " + file + " " + problem + "; kept it as " + aside.getFileName()
                    + " and started a new one.");
        } catch (IOException e) {
            // cannot move it: keep it where it is and never write over it in this session
            saveFailedReported = true;
            readOnly = true;
            report.accept("Progress file " + file + " " + problem + " and could not be moved aside ("
                    + e.getClass().getSimpleName() + "); progress will not be saved this session.");
        }
    }

    private boolean readOnly;

    private void save(Consumer<String> report) {
        if (readOnly) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add("kdlab-progress " + VERSION);
        progress.forEach((id, p) -> lines.add(String.format("%s attempts=%d hints=%d solved=%s", id, p.attempts(),
                p.hints(), p.solved() ? "yes" : "no")));
        Path file = file();
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, FILE + ".", ".tmp");
            try {
                Files.write(temporary, lines, StandardCharsets.UTF_8);
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            if (!saveFailedReported) {
                saveFailedReported = true;
                report.accept("Progress not saved: cannot write " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
    }
}
