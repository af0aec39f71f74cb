/**
 * The memory manager (Mm, Mi): process address spaces (MmCreateProcessAddressSpace,
 * MmInitializeProcessAddressSpace), the PEB and TEBs, image sections and their prototype PTEs,
 * session spaces, KUSER_SHARED_DATA, I/O space, the working-set manager's trimming, not-valid PTE
 * encodings and the PFN database; section objects with their control areas, segments and subsections
 * (Sections), and each process's VAD tree (VadTree), which every routine that maps user memory fills.
 * Uses io (the files behind sections), ob (section objects), ex (pool) and image (PE headers).
 */
package dev.kdlab.kernel.mm;
