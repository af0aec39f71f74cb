package dev.kdlab.scenario;

import dev.kdlab.dump.CrashDump;
import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.target.DumpTarget;
import dev.kdlab.target.ImageSymbols;
import dev.kdlab.target.Target;
import dev.kdlab.types.TypeCatalog;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Booted machines kept as snapshots: the first start of a scenario and seed with a given build boots
 * the machine and writes it as a crash dump into the snapshot folder; later starts open that dump
 * instead of booting. The snapshot stands for the live machine (prompt {@code lkd> }, the live
 * machine's symbols), and since every command reads the machine through its memory, it answers as
 * the booted kernel would; edits go to the dump's overlay and every command sees them. No command
 * needs the emulated kernel's own Java state, so none boots it.
 *
 * <p>A snapshot's name holds the scenario, the seed and the build's fingerprint: another build of
 * kdlab writes its own and removes those of other builds. A snapshot that cannot be read or written
 * costs only the time of a boot. nt's symbols are kept beside them too ({@link KernelSymbolCache}).
 */
public final class MachineSnapshots {
    private static final String SUFFIX = ".dmp";
    /** Snapshots kept per build: each takes about 31 MiB; the ones written longest ago go first. */
    private static final int KEPT = 4;

    private MachineSnapshots() {
    }

    /** The default or scale machine of {@code seed}, from its snapshot in {@code folder} when there is one. */
    public static Target open(String scenario, long seed, Path folder, String build) {
        LongFunction<Kernel> boot = switch (scenario) {
            case "default" -> DefaultMachine::bootKernel;
            case "scale" -> ScaleMachine::bootKernel;
            default -> throw new IllegalArgumentException("no scenario " + scenario);
        };
        Path file = folder.resolve(scenario + "-" + seed + "-" + build + SUFFIX);
        if (Files.isRegularFile(file)) {
            try {
                CrashDump dump = CrashDump.open(file);
                ImageSymbols kernel = KernelSymbolCache.symbols(KernelSymbolCache.file(folder, build));   // the debugger's first lookups need them
                return DumpTarget.snapshot(dump, SymbolServer.kdlabImages(() -> kernel), TypeCatalog.nt());
            } catch (IOException unreadable) {
                // boot, and write it again
            }
        }
        Kernel kernel = boot.apply(seed);
        try {
            Files.createDirectories(folder);
            LabDumps.write(kernel, file, "kdlab snapshot: " + scenario + " machine, seed " + seed + ", build " + build);
            removeOtherBuilds(folder, build);
        } catch (IOException notWritten) {
            // a snapshot only saves time; the machine is booted already
        }
        return LiveTargets.of(kernel);
    }

    /** Removes other builds' snapshots and symbol caches, and this build's snapshots beyond the {@value #KEPT} written last. */
    private static void removeOtherBuilds(Path folder, String build) throws IOException {
        List<Path> mine = new ArrayList<>();
        try (DirectoryStream<Path> caches = Files.newDirectoryStream(folder, "*" + KernelSymbolCache.SUFFIX)) {
            for (Path cache : caches) {
                if (!cache.equals(KernelSymbolCache.file(folder, build))) {
                    Files.deleteIfExists(cache);
                }
            }
        }
        try (DirectoryStream<Path> snapshots = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path snapshot : snapshots) {
                if (snapshot.getFileName().toString().endsWith("-" + build + SUFFIX)) {
                    mine.add(snapshot);
                } else {
                    Files.deleteIfExists(snapshot);
                }
            }
        }
        mine.sort(Comparator.comparing(MachineSnapshots::modified).reversed());
        for (Path old : mine.subList(Math.min(KEPT, mine.size()), mine.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException gone) {
            return FileTime.fromMillis(0);
        }
    }
}
