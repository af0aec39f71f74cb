package dev.kdlab.cli;

import dev.kdlab.scenario.MachineSnapshots;
import dev.kdlab.target.Target;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where this build keeps its machine snapshots: beside the jar kdlab runs from, in
 * {@code snapshots/} (the build's own {@code target/} folder), named by the jar's size and time
 * (a rebuilt jar is another build, with machines of its own). Running from class folders (tests,
 * an IDE) or with {@code -Dkdlab.snapshots=false}, there are none and every start boots.
 */
final class Snapshots {
    private Snapshots() {
    }

    /** The scenario's machine, from a snapshot or booted (and then kept); empty when this run keeps no snapshots. */
    static Optional<Target> machine(String scenario, long seed) {
        if (!Boolean.parseBoolean(System.getProperty("kdlab.snapshots", "true"))) {
            return Optional.empty();
        }
        Path jar;
        try {
            jar = Path.of(Snapshots.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        String build;
        try {
            build = Long.toHexString(Files.size(jar)) + Long.toHexString(Files.getLastModifiedTime(jar).toMillis());
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
        return Optional.of(MachineSnapshots.open(scenario, seed, jar.getParent().resolve("snapshots"), build));
    }
}
