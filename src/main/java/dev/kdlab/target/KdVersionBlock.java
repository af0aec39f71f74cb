package dev.kdlab.target;

/**
 * What a kernel debugger learns about the kernel before it reads any memory: where ntoskrnl is
 * loaded and the head of its module list (DBGKD_GET_VERSION64's KernBase and PsLoadedModuleList,
 * sent by a live kernel when the debugger connects; a crash dump's header and KDBG carry the same).
 * From the list the debugger finds every kernel module, nt first, and loads their symbols.
 */
public record KdVersionBlock(long kernBase, long psLoadedModuleList) {
}
