package dev.kdlab.scenario;

import dev.kdlab.target.DumpTarget;
import dev.kdlab.target.ImageSymbols;
import dev.kdlab.target.LiveTarget;
import dev.kdlab.target.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A start boots and keeps a snapshot; the next start of that build, scenario and seed opens it instead. */
class MachineSnapshotsTest {
    @TempDir
    Path folder;

    @Test
    void theFirstStartBootsAndKeepsTheMachineTheNextOpensIt() throws IOException {
        Files.writeString(folder.resolve("default-19045-oldbuild.dmp"), "a snapshot of another build");
        Files.writeString(folder.resolve("ntkrnlmp-oldbuild.sym"), "another build's symbols");
        Target first = MachineSnapshots.open("default", DefaultMachine.DEFAULT_SEED, folder, "b1");
        Target second = MachineSnapshots.open("default", DefaultMachine.DEFAULT_SEED, folder, "b1");

        assertThat(first).isInstanceOf(LiveTarget.class);
        assertThat(second).isInstanceOf(DumpTarget.class);
        assertThat(second.isLive()).as("a snapshot stands for the live machine").isTrue();
        assertThat(second.versionBlock()).isEqualTo(first.versionBlock());
        assertThat(((DumpTarget) second).dump().header().comment())
                .isEqualTo("kdlab snapshot: default machine, seed 19045, build b1");
        try (Stream<Path> kept = Files.list(folder)) {
            assertThat(kept.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("default-19045-b1.dmp", "ntkrnlmp-b1.sym");
        }
    }

    /** The symbol cache holds what laying nt's code out gives, and a damaged one is laid out and written again. */
    @Test
    void theKernelSymbolCacheReadsBackWhatTheLayoutGives() throws IOException {
        ImageSymbols laidOut = KernelSymbolCache.laidOut();
        Path file = KernelSymbolCache.file(folder, "b4");
        KernelSymbolCache.symbols(file);
        ImageSymbols cached = KernelSymbolCache.symbols(file);
        assertThat(cached.rvas()).isEqualTo(laidOut.rvas()).containsKey("PspInsertProcess");
        assertThat(cached.rvas().keySet()).allSatisfy(name ->
                assertThat(cached.isFunction(name)).as(name).isEqualTo(laidOut.isFunction(name)));
        assertThat(cached.imageName()).isEqualTo("ntkrnlmp.exe");

        Files.writeString(file, "57cb70 x AlpcpAcceptConnectPort\n");
        assertThat(KernelSymbolCache.symbols(file).rvas()).isEqualTo(laidOut.rvas());
        assertThat(Files.readAllLines(file)).hasSize(laidOut.rvas().size() + 1);
    }

    @Test
    void anUnreadableSnapshotCostsOnlyABoot() throws IOException {
        Files.writeString(folder.resolve("default-7-b2.dmp"), "truncated");
        assertThat(MachineSnapshots.open("default", 7, folder, "b2")).isInstanceOf(LiveTarget.class);
        assertThat(Files.size(folder.resolve("default-7-b2.dmp"))).isGreaterThan(1 << 20);
    }

    @Test
    void aFolderThatCannotBeWrittenStillGivesTheMachine() throws IOException {
        Path notAFolder = Files.writeString(folder.resolve("file"), "x");
        assertThat(MachineSnapshots.open("default", DefaultMachine.DEFAULT_SEED, notAFolder.resolve("snapshots"), "b3"))
                .isInstanceOf(LiveTarget.class);
    }
}
