/**
 * The command language: how a typed line becomes commands, and what MASM expressions mean.
 *
 * <p>{@link dev.kdlab.lang.CommandLineSplitter} cuts a line at ';' (and drops comments);
 * {@link dev.kdlab.lang.CommandParser} turns one command into a {@link dev.kdlab.lang.CommandText}
 * (name and raw arguments); the command reads its arguments with an
 * {@link dev.kdlab.lang.ArgumentScanner}, whose expressions {@link dev.kdlab.lang.MasmEvaluator}
 * evaluates against an {@link dev.kdlab.lang.ExpressionEnvironment} (the debugger session).
 * The grammars are in {@code grammar/dev/kdlab/lang}; the parsers generated from them stay in
 * this package and are not committed.
 */
package dev.kdlab.lang;
