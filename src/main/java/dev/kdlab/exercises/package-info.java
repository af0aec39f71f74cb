/**
 * Practice exercises: a catalogue of lessons and tasks (texts in resource files, one per track), a
 * checker per exercise that derives the answer from the machine's bytes through {@code Target} and
 * records each read, the grader that accepts WinDbg's notations and names near-misses, the commands
 * ({@code .exercise}, {@code .hint}, {@code .answer}, {@code .reveal}) and the learner's progress file.
 * Sits above the debugger and the scenario (DESIGN.md: exercises may use debugger, scenario).
 */
package dev.kdlab.exercises;
