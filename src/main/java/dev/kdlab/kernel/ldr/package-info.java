/**
 * The loader (Ldr, Rtl): ntdll's module lists in the PEB (LdrInitializeThunk), process parameters
 * and environment blocks (RtlCreateProcessParameters), the system DLLs of a boot, and the kernel's
 * own module list, nt!PsLoadedModuleList. Uses ke (processor identity,
 * dispatcher objects), mm, io and cm (the files and keys the loader opens: LoaderHandles), ob, ex and
 * image.
 */
package dev.kdlab.kernel.ldr;
