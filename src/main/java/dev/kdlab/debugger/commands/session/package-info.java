/** Commands about the session itself and its scripts: .echo, .printf, as/ad/al, .logopen/.logappend/.logclose, $<, !list, .cls, q. */
package dev.kdlab.debugger.commands.session;
