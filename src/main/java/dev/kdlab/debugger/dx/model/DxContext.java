package dev.kdlab.debugger.dx.model;

import dev.kdlab.debugger.Session;
import dev.kdlab.memory.VirtualMemory;

/**
 * What one dx command evaluates in: the session, the process it is evaluated in ({@code @$curprocess}: the
 * implicit process, or the one {@code -id} names) and the memory its expressions read (that process's), and the
 * poll that stops a long evaluation at Ctrl-C.
 */
public record DxContext(Session session, long process, VirtualMemory memory, Runnable poll) {
}
