/**
 * The executive's support routines (Ex): pool allocations with their _POOL_HEADER tags
 * (ExAllocatePoolWithTag) and handle tables (ExCreateHandleTable, ExCreateHandle), which the object
 * manager and PspCidTable build on. Uses only the kernel root package.
 */
package dev.kdlab.kernel.ex;
