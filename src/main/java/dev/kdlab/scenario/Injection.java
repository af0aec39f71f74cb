package dev.kdlab.scenario;

/**
 * The ground truth of an anomaly lab: what was injected where, as the injecting routine recorded it.
 * Exercises check it against the bytes; it is never shown to the learner before a reveal.
 *
 * @param eprocess   the victim process (for a hooked object type: the _OBJECT_TYPE)
 * @param processId  its PID (for a hooked object type: which procedure)
 * @param imageName  its ImageFileName (for a hooked object type: the type's name)
 * @param address    the anomaly's own address: the stolen token object, the thread's new start address
 * @param other      a second value: the forged parent PID, the ETHREAD whose start moved
 */
public record Injection(Anomaly anomaly, long eprocess, long processId, String imageName, long address, long other) {
}
