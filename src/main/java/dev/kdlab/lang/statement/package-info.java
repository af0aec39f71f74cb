/** How a line becomes statements and commands (grammars StatementLexer/StatementParser): control flow, blocks, each command's name and raw arguments. */
package dev.kdlab.lang.statement;
