/**
 * The emulated images: ntoskrnl's layout and globals (NtSymbols, NtImage), the functions, prologs
 * and exception directories of nt and the user images, the system services (SystemServices: their
 * numbers, nt!KiServiceTable and the descriptor tables), PE headers, and the public symbols a symbol
 * store would serve for them. Uses only the kernel root package.
 */
package dev.kdlab.kernel.image;
