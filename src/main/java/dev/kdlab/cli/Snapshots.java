package dev.kdlab.cli;

import dev.kdlab.scenario.MachineSnapshots;
import dev.kdlab.target.Target;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Where this build keeps its machine snapshots: beside the jar kdlab runs from, in
 * {@code snapshots/} (the build's own {@code target/} folder), named by the jar's size and time
 * (a rebuilt jar is another build, with machines of its own). Running from class folders (tests,
 * an IDE) or with {@code -Dkdlab.snapshots=false}, there are none and every start boots.
 */
final class Snapshots {
    private Snapshots() {
    }

    /** The machine {@link #openEarly} started opening, and for which scenario and seed. */
    private static volatile CompletableFuture<Optional<Target>> early;
    private static volatile String earlyKey;

    /**
     * Starts opening the scenario's machine on another thread, before the command line is parsed:
     * on a cold start, parsing takes about as long as opening the snapshot, and the two can overlap.
     * {@link #machine} then takes this machine when it asks for the same one.
     */
    static void openEarly(String scenario, long seed) {
        earlyKey = scenario + "/" + seed;
        early = CompletableFuture.supplyAsync(() -> open(scenario, seed));
    }

    /** The scenario's machine, from a snapshot or booted (and then kept); empty when this run keeps no snapshots. */
    static Optional<Target> machine(String scenario, long seed) {
        CompletableFuture<Optional<Target>> started = early;
        if (started != null && (scenario + "/" + seed).equals(earlyKey)) {
            early = null;
            try {
                return started.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : e;
            }
        }
        return open(scenario, seed);
    }

    private static Optional<Target> open(String scenario, long seed) {
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
