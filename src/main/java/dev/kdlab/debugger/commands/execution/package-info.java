/** Commands that run, stop and step the kernel's creation and exit flows: .create, .kill, bp/bu/bm, bl/bc/bd/be, g/t/p/gu, !kdlab.trace. */
package dev.kdlab.debugger.commands.execution;
