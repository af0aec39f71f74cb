/**
 * The command language: how a typed line becomes statements and commands, and what expressions mean.
 *
 * <p>{@link dev.kdlab.lang.AliasExpander} replaces a line's aliases first (grammar AliasLexer.g4);
 * {@link dev.kdlab.lang.StatementParsing} reads the result into {@link dev.kdlab.lang.Statement}s
 * (grammars StatementLexer.g4 and StatementParser.g4): commands, control flow, blocks kept as text
 * until they are entered. A command's {@link dev.kdlab.lang.CommandText} (name and raw arguments) is
 * read by the command with an {@link dev.kdlab.lang.ArgumentScanner}, whose expressions
 * {@link dev.kdlab.lang.MasmEvaluator} and {@link dev.kdlab.lang.CppEvaluator} evaluate against an
 * {@link dev.kdlab.lang.ExpressionEnvironment} (the debugger session). The debugger's interpreter
 * (dev.kdlab.debugger.script) runs the statements. The grammars are in {@code grammar/dev/kdlab/lang};
 * the parsers generated from them stay in this package and are not committed.
 */
package dev.kdlab.lang;
