/**
 * The command language: how a typed line becomes statements and commands, and what expressions mean.
 *
 * <p>{@link dev.kdlab.lang.alias.AliasExpander} replaces a line's aliases first (grammar AliasLexer.g4);
 * {@link dev.kdlab.lang.statement.StatementParsing} reads the result into {@link dev.kdlab.lang.statement.Statement}s
 * (grammars StatementLexer.g4 and StatementParser.g4): commands, control flow, blocks kept as text
 * until they are entered. A command's {@link dev.kdlab.lang.statement.CommandText} (name and raw arguments) is
 * read by the command with an {@link dev.kdlab.lang.arguments.ArgumentScanner}, whose expressions
 * {@link dev.kdlab.lang.expr.MasmEvaluator} and {@link dev.kdlab.lang.expr.CppEvaluator} evaluate against an
 * {@link dev.kdlab.lang.expr.ExpressionEnvironment} (the debugger session); dx has its own syntax in
 * {@code lang.dx}. The debugger's interpreter (dev.kdlab.debugger.script) runs the statements. This package
 * holds what they all share: the syntax and expression errors and how an ANTLR parser is run. The grammars are
 * in {@code grammar/dev/kdlab/lang/<sub-package>}; the parsers generated from them land in that sub-package
 * and are not committed.
 */
package dev.kdlab.lang;
