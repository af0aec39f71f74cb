package dev.kdlab.debugger;

import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.target.KdVersionBlock;
import dev.kdlab.target.SymbolStore;
import dev.kdlab.target.Target;
import dev.kdlab.types.TypeCatalog;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The prompt comes from the session's target: lkd> live, kd> (with the processor) on a dump. */
class PromptTest {
    private static final Lkd LKD = new Lkd();

    /** The default machine, presented as a dump would present it. */
    private record AsDump(Target machine) implements Target {
        @Override
        public PhysicalMemory physical() {
            return machine.physical();
        }

        @Override
        public VirtualMemory kernelSpace() {
            return machine.kernelSpace();
        }

        @Override
        public VirtualMemory addressSpace(long directoryTableBase) {
            return machine.addressSpace(directoryTableBase);
        }

        @Override
        public TypeCatalog types() {
            return machine.types();
        }

        @Override
        public KdVersionBlock versionBlock() {
            return machine.versionBlock();
        }

        @Override
        public SymbolStore symbolStore() {
            return machine.symbolStore();
        }

        @Override
        public boolean isLive() {
            return false;
        }
    }

    @Test
    void liveIsLkd() {
        assertThat(new Debugger(LKD.target(), System.out).prompt()).isEqualTo("lkd> ");
    }

    @Test
    void aDumpIsKdWithTheProcessorWhenThereAreSeveral() {
        Debugger dump = new Debugger(new AsDump(LKD.target()), System.out);
        assertThat(dump.prompt()).isEqualTo("0: kd> ");   // nt!KeNumberProcessors is 4
        try {
            LKD.run("ed nt!KeNumberProcessors 1");
            assertThat(dump.prompt()).isEqualTo("kd> ");
        } finally {
            LKD.run("ed nt!KeNumberProcessors 4");
        }
    }

    @Test
    void caretErrorsCountThePromptTheyFollow() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Debugger dump = new Debugger(new AsDump(LKD.target()), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        dump.execute("(0x88-0x70)");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("       ^ Syntax error in '(0x88-0x70)'\n");
    }
}
