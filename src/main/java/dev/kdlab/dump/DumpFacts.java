package dev.kdlab.dump;

import java.util.Arrays;

/**
 * What a dump header says about the machine, beyond its pages (DUMP_HEADER64 fields of
 * crashdump-format.md 2.2): where the kernel's page tables, lists and debugger data block are,
 * how many processors run, why the machine stopped and the current processor's registers.
 *
 * @param buildNumber          MinorVersion, the OS build (19041 family)
 * @param directoryTableBase   the System process's PML4, page aligned
 * @param pfnDataBase          the value of nt!MmPfnDatabase (the PFN array itself)
 * @param psLoadedModuleList   the address of nt!PsLoadedModuleList
 * @param psActiveProcessHead  the address of nt!PsActiveProcessHead
 * @param processorCount       NumberProcessors (KiProcessorBlock has this many entries)
 * @param bugCheckCode         the stop code, 0xE2 MANUALLY_INITIATED_CRASH for a dump the user asked for
 * @param bugCheckParameters   the four stop parameters
 * @param kdDebuggerDataBlock  the address of the plaintext KDBG
 * @param context              the current processor's x64 CONTEXT, 0x4d0 bytes
 * @param systemTime           FILETIME of the stop
 * @param systemUpTime         time since boot in 100 ns units
 * @param comment              ASCII text, at most 127 characters
 */
public record DumpFacts(int buildNumber, long directoryTableBase, long pfnDataBase, long psLoadedModuleList,
                        long psActiveProcessHead, int processorCount, int bugCheckCode, long[] bugCheckParameters,
                        long kdDebuggerDataBlock, byte[] context, long systemTime, long systemUpTime, String comment) {
    /** MANUALLY_INITIATED_CRASH: what a dump taken on request shows as its stop code. */
    public static final int MANUALLY_INITIATED_CRASH = 0xe2;

    public DumpFacts {
        if ((directoryTableBase & (DumpLayout.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("the directory table base must be page aligned (no PCID bits)");
        }
        if (processorCount < 1) {
            throw new IllegalArgumentException("a machine has at least one processor");
        }
        if (bugCheckParameters.length != 4) {
            throw new IllegalArgumentException("a bug check has four parameters");
        }
        if (context.length != DumpLayout.CONTEXT_SIZE) {
            throw new IllegalArgumentException("an x64 CONTEXT is 0x4d0 bytes");
        }
        if (comment.length() >= DumpLayout.COMMENT_SIZE || !comment.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("the comment is printable ASCII of at most 127 characters");
        }
        bugCheckParameters = bugCheckParameters.clone();
        context = context.clone();
    }

    @Override
    public long[] bugCheckParameters() {
        return bugCheckParameters.clone();
    }

    @Override
    public byte[] context() {
        return context.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DumpFacts that && buildNumber == that.buildNumber
                && directoryTableBase == that.directoryTableBase && pfnDataBase == that.pfnDataBase
                && psLoadedModuleList == that.psLoadedModuleList && psActiveProcessHead == that.psActiveProcessHead
                && processorCount == that.processorCount && bugCheckCode == that.bugCheckCode
                && Arrays.equals(bugCheckParameters, that.bugCheckParameters)
                && kdDebuggerDataBlock == that.kdDebuggerDataBlock && Arrays.equals(context, that.context)
                && systemTime == that.systemTime && systemUpTime == that.systemUpTime && comment.equals(that.comment);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(directoryTableBase) * 31 + Long.hashCode(kdDebuggerDataBlock) * 17 + Arrays.hashCode(context);
    }

    @Override
    public String toString() {
        return String.format("DumpFacts[build %d, DTB %x, KDBG %x, %d processors, bug check %x]", buildNumber,
                directoryTableBase, kdDebuggerDataBlock, processorCount, bugCheckCode);
    }
}
