/** Commands about processes and threads and the context they set: !process, .process, !thread, .thread, !peb, !teb, k, r. */
package dev.kdlab.debugger.commands.process;
