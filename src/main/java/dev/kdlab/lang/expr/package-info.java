/** MASM and C++ expressions (grammars MasmLexer/MasmParser, CppLexer/CppParser): evaluators, C++ types and values, and the environment they read. */
package dev.kdlab.lang.expr;
