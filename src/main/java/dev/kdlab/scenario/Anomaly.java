package dev.kdlab.scenario;

/**
 * What an anomaly lab's machine has that a clean one lacks (exercises-curriculum.md, level 5). Each is
 * written into the booted machine by {@link AttackerRoutines}, the way a rootkit's or an exploit's code
 * would write it: bytes in kernel or user memory, nothing the kernel's own bookkeeping is told about.
 */
public enum Anomaly {
    /** The clean machine of the seed. */
    NONE,
    /** A process unlinked from ActiveProcessLinks (FU's DKOM); its threads and CID entry remain. */
    HIDDEN_PROCESS,
    /** System's token pointer copied into a user process's EPROCESS.Token (a token-stealing payload). */
    STOLEN_TOKEN,
    /** InheritedFromUniqueProcessId rewritten to name a process created after the child. */
    SPOOFED_PARENT,
    /** A thread's Win32StartAddress moved into a private executable page no module covers. */
    THREAD_OUTSIDE_MODULES,
    /** Process hollowing: foreign code in a private RWX region, PEB.ImageBaseAddress pointed at it. */
    HOLLOWED_PROCESS,
    /** A DLL mapped as an image (a VAD with its file) that the loader's lists do not have: manual mapping. */
    INJECTED_DLL,
    /** An object type's procedure (OBJECT_TYPE.TypeInfo.*Procedure) pointed into a pool allocation. */
    HOOKED_OBJECT_TYPE
}
