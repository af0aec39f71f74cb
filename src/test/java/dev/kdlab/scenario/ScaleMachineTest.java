package dev.kdlab.scenario;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The scale scenario's description (booting it is the benchmark's job, not the unit suite's). */
class ScaleMachineTest {

    @Test
    void exactlyTenThousandProcessesAndAHundredThousandThreadsWithKnownParents() {
        List<ProcessSpec> specs = ScaleMachine.processes(19045);
        List<ProcessSpec> running = specs.stream().filter(s -> !s.exited()).toList();
        assertThat(running).hasSize(ScaleMachine.PROCESSES);
        assertThat(running.stream().mapToInt(ProcessSpec::threads).sum()).isEqualTo(ScaleMachine.THREADS);
        assertThat(running).allMatch(s -> s.threads() >= 1);
        Set<String> keys = new HashSet<>();
        for (ProcessSpec spec : specs) {
            assertThat(spec.parent() == null || keys.contains(spec.parent())).as(spec.key()).isTrue();
            assertThat(keys.add(spec.key())).as("unique key " + spec.key()).isTrue();
        }
        assertThat(ScaleMachine.processes(19045)).isEqualTo(specs);
    }
}
