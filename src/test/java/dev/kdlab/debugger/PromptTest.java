package dev.kdlab.debugger;

import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.target.Symbols;
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
    private record AsDump(Target machine, int processors) implements Target {
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
        public Symbols symbols() {
            return machine.symbols();
        }

        @Override
        public boolean isLive() {
            return false;
        }

        @Override
        public int processorCount() {
            return processors;
        }
    }

    @Test
    void liveIsLkd() {
        assertThat(new Debugger(LKD.target(), System.out).prompt()).isEqualTo("lkd> ");
    }

    @Test
    void aDumpIsKdWithTheProcessorWhenThereAreSeveral() {
        assertThat(new Debugger(new AsDump(LKD.target(), 4), System.out).prompt()).isEqualTo("0: kd> ");
        assertThat(new Debugger(new AsDump(LKD.target(), 1), System.out).prompt()).isEqualTo("kd> ");
    }

    @Test
    void caretErrorsCountThePromptTheyFollow() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Debugger dump = new Debugger(new AsDump(LKD.target(), 4), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        dump.execute("(0x88-0x70)");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("       ^ Syntax error in '(0x88-0x70)'\n");
    }
}
