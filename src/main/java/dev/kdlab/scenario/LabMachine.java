package dev.kdlab.scenario;

import dev.kdlab.target.Target;

import java.util.Optional;

/** A machine booted for an exercise: the debugger's target and, for an anomaly lab, what was injected into it. */
public record LabMachine(Target target, long seed, Optional<Injection> injection) {
}
