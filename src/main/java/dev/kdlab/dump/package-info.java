/**
 * Microsoft kernel crash dumps: the writer of complete dumps ({@code DUMP_HEADER64}, DumpType 1 with
 * runs or DumpType 5 with an {@code FDMP} bitmap) and the reader that serves a dump file as
 * {@link dev.kdlab.memory.PhysicalMemory}, so every layer above works on it as on the live machine.
 * Formats: shared/reference/crashdump-format.md; what readers check: dump-readers.md. Uses memory and
 * types only.
 */
package dev.kdlab.dump;
