package dev.kdlab.exercises;

import dev.kdlab.scenario.Anomaly;
import dev.kdlab.scenario.LabMachine;
import dev.kdlab.scenario.LabMachines;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each (seed, anomaly) machine booted once for the whole test run: the solutions only read, so the
 * exercises of a seed can share its machines.
 */
final class BootedLabs implements LabBooter {
    static final BootedLabs SHARED = new BootedLabs();
    /** The two seeds every solution runs against: the default machine's and another. */
    static final long[] SEEDS = {19045, 7};

    private final Map<String, LabMachine> machines = new ConcurrentHashMap<>();

    @Override
    public LabMachine boot(long seed, Anomaly anomaly) {
        return machines.computeIfAbsent(seed + "/" + anomaly, key -> LabMachines.boot(seed, anomaly));
    }
}
