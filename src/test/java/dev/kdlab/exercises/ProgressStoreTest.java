package dev.kdlab.exercises;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress file: XDG location, atomic writes, and a file it cannot read moved aside, never overwritten. */
class ProgressStoreTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T22:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path home;

    private final List<String> reports = new ArrayList<>();

    @Test
    void livesInTheXdgDataDirectory() {
        assertThat(ProgressStore.defaultDirectory(Map.of("XDG_DATA_HOME", "/data"), "/home/l"))
                .isEqualTo(Path.of("/data/kdlab"));
        assertThat(ProgressStore.defaultDirectory(Map.of(), "/home/l")).isEqualTo(Path.of("/home/l/.local/share/kdlab"));
        // the XDG spec: a relative value is invalid and ignored
        assertThat(ProgressStore.defaultDirectory(Map.of("XDG_DATA_HOME", "rel"), "/home/l"))
                .isEqualTo(Path.of("/home/l/.local/share/kdlab"));
    }

    @Test
    void writesTheWholeFileAndReadsItBack() throws IOException {
        ProgressStore store = new ProgressStore(home.resolve("kdlab"), CLOCK);
        store.put("l1-pid-by-name", new Progress(2, 1, true), reports::add);
        store.put("l3-vtop-by-hand", new Progress(1, 3, false), reports::add);
        assertThat(Files.readAllLines(store.file())).containsExactly("kdlab-progress 1",
                "l1-pid-by-name attempts=2 hints=1 solved=yes", "l3-vtop-by-hand attempts=1 hints=3 solved=no");
        assertThat(new ProgressStore(home.resolve("kdlab"), CLOCK).of("l1-pid-by-name", reports::add))
                .isEqualTo(new Progress(2, 1, true));
        try (var files = Files.list(home.resolve("kdlab"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("progress.txt");   // no temp left
        }
        assertThat(reports).isEmpty();
    }

    @Test
    void aCorruptFileIsReportedAndKeptAside() throws IOException {
        Path directory = Files.createDirectories(home.resolve("kdlab"));
        Files.writeString(directory.resolve("progress.txt"), "kdlab-progress 1\nl1-pid-by-name attempts=lots\n");
        ProgressStore store = new ProgressStore(directory, CLOCK);
        assertThat(store.all(reports::add)).isEmpty();
        assertThat(reports).singleElement().asString().contains("cannot read", "progress.txt.corrupt-20261205-220000");
        assertThat(Files.readString(directory.resolve("progress.txt.corrupt-20261205-220000")))
                .contains("attempts=lots");
        store.put("l1-pid-by-name", new Progress(1, 0, true), reports::add);
        assertThat(Files.readString(directory.resolve("progress.txt"))).contains("l1-pid-by-name attempts=1");
    }

    @Test
    void aFileFromANewerKdlabIsKeptAsideNotRewritten() throws IOException {
        Path directory = Files.createDirectories(home.resolve("kdlab"));
        Files.writeString(directory.resolve("progress.txt"), "kdlab-progress 2\n{\"new\": \"format\"}\n");
        new ProgressStore(directory, CLOCK).put("l1-count-processes", new Progress(1, 0, false), reports::add);
        assertThat(reports).singleElement().asString().contains("newer kdlab (format 2");
        assertThat(Files.readString(directory.resolve("progress.txt.v2-20261205-220000"))).contains("new");
        assertThat(Files.readString(directory.resolve("progress.txt"))).startsWith("kdlab-progress 1");
    }

    @Test
    void anUnwritableFolderIsReportedOnceAndTheSessionGoesOn() throws IOException {
        Path file = Files.writeString(home.resolve("not-a-folder"), "x");
        ProgressStore store = new ProgressStore(file, CLOCK);
        store.put("a", new Progress(1, 0, false), reports::add);
        store.put("a", new Progress(2, 0, false), reports::add);
        assertThat(reports).singleElement().asString().startsWith("Progress not saved");
        assertThat(store.of("a", reports::add)).isEqualTo(new Progress(2, 0, false));
    }
}
