/** Commands that evaluate expressions and choose how: ?, ??, .formats, .expr, n, dx. */
package dev.kdlab.debugger.commands.expressions;
