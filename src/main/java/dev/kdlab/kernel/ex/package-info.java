/**
 * The executive's support routines (Ex): pool allocations with their _POOL_HEADER tags
 * (ExAllocatePoolWithTag), handle tables (ExCreateHandleTable, ExCreateHandle), which the object
 * manager and PspCidTable build on, and callback slots (ExAllocateCallBack, ExCompareExchangeCallBack),
 * which the notify routine arrays are made of. Uses only the kernel root package.
 */
package dev.kdlab.kernel.ex;
