/** Commands about symbols, modules, types and code: x, ln, lm, !for_each_module, dt, u/ub/uf, .sympath, .symfix, .reload. */
package dev.kdlab.debugger.commands.symbols;
