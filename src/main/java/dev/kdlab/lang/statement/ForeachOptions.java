package dev.kdlab.lang.statement;

/**
 * The options of {@code .foreach} (Microsoft Learn, debuggercmds, ".foreach"): {@code /pS n} skips
 * the first n tokens, {@code /ps n} skips n tokens after each one used, {@code /s} takes the tokens of
 * a string and {@code /f} those of a file instead of a command's output. The counts are kept as
 * written (MASM numbers, evaluated when the loop runs).
 */
public record ForeachOptions(String initialSkip, String skip, Source source) {

    public enum Source { COMMANDS, STRING, FILE }

    public static final ForeachOptions NONE = new ForeachOptions(null, null, Source.COMMANDS);
}
