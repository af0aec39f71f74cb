package dev.kdlab.debugger.dx;

import dev.kdlab.debugger.Session;
import dev.kdlab.memory.VirtualMemory;

/**
 * What one dx command evaluates in: the session, the memory its expressions read (the implicit process's, or
 * the process {@code -id} names), and the poll that stops a long evaluation at Ctrl-C.
 */
public record DxContext(Session session, VirtualMemory memory, Runnable poll) {
}
