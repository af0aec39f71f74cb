package dev.kdlab.exercises;

import dev.kdlab.scenario.Anomaly;
import dev.kdlab.scenario.LabMachine;

/** Boots an exercise's machine: {@code LabMachines::boot}, or a cache of booted machines in tests. */
@FunctionalInterface
public interface LabBooter {
    LabMachine boot(long seed, Anomaly anomaly);
}
