package dev.kdlab.kernel;


import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.TypeCatalog;

import java.util.ArrayList;
import java.util.List;

/**
 * The memory manager's walk over PsActiveProcessHead (as MmWorkingSetManager goes over the
 * processes whose working sets it may trim), read back from memory: what each process's address
 * space is and where its user-mode pieces sit.
 */
public final class ActiveProcesses {
    /** One process: its top-level table, and (for processes with a user half) its PEB, image and TEBs. */
    public record Process(long eprocess, long directoryTableBase, long peb, long imageBase, List<Long> tebs) {
        public boolean hasUserSpace() {
            return peb != 0;
        }
    }

    private ActiveProcesses() {
    }

    /** The processes on the list at {@code head} (nt!PsActiveProcessHead), in list order. */
    public static List<Process> list(KernelSpace space, long head) {
        VirtualMemory memory = space.memory();
        long linksOffset = offset("_EPROCESS", "ActiveProcessLinks");
        List<Process> processes = new ArrayList<>();
        for (long link = next(memory, head); link != head; link = next(memory, link)) {
            long eprocess = link - linksOffset;
            processes.add(new Process(eprocess,
                    NtTypes.view(memory, "_EPROCESS", eprocess).get("Pcb.DirectoryTableBase"),
                    NtTypes.view(memory, "_EPROCESS", eprocess).get("Peb"),
                    NtTypes.view(memory, "_EPROCESS", eprocess).get("SectionBaseAddress"),
                    tebs(memory, eprocess)));
        }
        return processes;
    }

    /** The process's own view of memory (its user half). */
    public static AddressSpace space(KernelSpace space, Process process) {
        return new AddressSpace(space.physical(), process.directoryTableBase());
    }

    private static List<Long> tebs(VirtualMemory memory, long eprocess) {
        long head = eprocess + offset("_EPROCESS", "ThreadListHead");
        long entryOffset = offset("_ETHREAD", "ThreadListEntry");
        List<Long> tebs = new ArrayList<>();
        for (long link = next(memory, head); link != head; link = next(memory, link)) {
            long teb = NtTypes.view(memory, "_ETHREAD", link - entryOffset).get("Tcb.Teb");
            if (teb != 0) {
                tebs.add(teb);
            }
        }
        return tebs;
    }

    private static long offset(String type, String path) {
        return TypeCatalog.nt().struct(type).offsetOf(path);
    }

    private static long next(VirtualMemory memory, long entry) {
        return NtTypes.view(memory, "_LIST_ENTRY", entry).get("Flink");
    }
}
