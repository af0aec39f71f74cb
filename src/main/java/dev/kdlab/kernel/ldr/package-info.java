/**
 * The loader (Ldr, Rtl): ntdll's module lists in the PEB (LdrInitializeThunk), process parameters
 * and environment blocks (RtlCreateProcessParameters), the system DLLs of a boot, and the kernel's
 * own module list, nt!PsLoadedModuleList. Uses ke (processor identity,
 * dispatcher objects), mm, io and cm (what the loader and the DLLs it runs open and map: LoaderInitialization), ob, ex and
 * image.
 */
package dev.kdlab.kernel.ldr;
