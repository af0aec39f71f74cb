/** Commands about memory and its translation: d*, e*, s, dl, !db/!dd/!dc/!dq, !pte, !vtop, !ptov, !pfn, !walk. */
package dev.kdlab.debugger.commands.memory;
