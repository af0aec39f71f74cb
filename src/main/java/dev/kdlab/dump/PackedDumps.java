package dev.kdlab.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Dumps kept compressed: the lab dumps ship as {@code name.dmp.gz} (a bitmap dump of the default
 * machine is mostly zeros: 31 MiB pack into under 1.5 MiB), and {@code -z name.dmp} unpacks the
 * {@code .gz} beside it the first time (atomically: a temporary file, then a rename), so the dump
 * is memory-mapped as any other. When the folder refuses the file, the unpacked copy goes to the
 * system's temporary folder instead.
 */
public final class PackedDumps {
    public static final String SUFFIX = ".gz";

    private PackedDumps() {
    }

    /**
     * The dump file to map for {@code file}: itself when it exists (a {@code .gz} unpacked first),
     * or its {@code .gz} twin unpacked.
     */
    public static Path resolve(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(SUFFIX) && Files.isRegularFile(file)) {
            return unpack(file, file.resolveSibling(name.substring(0, name.length() - SUFFIX.length())));
        }
        Path packed = file.resolveSibling(name + SUFFIX);
        if (!Files.exists(file) && Files.isRegularFile(packed)) {
            return unpack(packed, file);
        }
        return file;
    }

    /** Writes {@code dump} compressed to {@code packed}, with no time stamp in it, so the same dump packs the same. */
    public static void pack(Path dump, Path packed) throws IOException {
        Path temporary = Files.createTempFile(packed.toAbsolutePath().getParent(), ".pack.", ".partial");
        readableByAll(temporary);
        try {
            try (InputStream in = Files.newInputStream(dump);
                 OutputStream out = new GZIPOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                in.transferTo(out);
            }
            Files.move(temporary, packed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** rw-r--r--, as any file a user writes (a temporary file starts private). */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // the file system's default permissions stand
        }
    }

    private static Path unpack(Path packed, Path target) throws IOException {
        if (Files.isRegularFile(target) && Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(packed)) >= 0) {
            return target;   // unpacked before, and the packed file has not changed since
        }
        Path folder = target.toAbsolutePath().getParent();
        Path temporary;
        try {
            temporary = Files.createTempFile(folder, "." + target.getFileName() + ".", ".partial");
        } catch (IOException refused) {
            folder = Path.of(System.getProperty("java.io.tmpdir"));
            target = folder.resolve(target.getFileName());
            temporary = Files.createTempFile(folder, "." + target.getFileName() + ".", ".partial");
        }
        readableByAll(temporary);
        try {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(packed), 1 << 16);
                 OutputStream out = Files.newOutputStream(temporary)) {
                in.transferTo(out);
            } catch (java.util.zip.ZipException e) {
                throw new DumpFormatException(packed.getFileName() + " is not a gzip file: " + e.getMessage());
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
