package dev.kdlab.dump;

import java.nio.file.Path;

/**
 * What the writer produced: the layout it chose, how many pages went in and the file's size
 * (which the header's RequiredDumpSpace repeats).
 */
public record WrittenDump(Path file, DumpType type, long pages, int runs, long fileSize) {
}
