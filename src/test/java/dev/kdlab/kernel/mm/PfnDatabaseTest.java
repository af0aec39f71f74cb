package dev.kdlab.kernel.mm;

import dev.kdlab.kernel.ActiveProcesses;
import dev.kdlab.kernel.NtTypes;
import dev.kdlab.kernel.init.Kernel;

import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.FrameAllocator;
import dev.kdlab.memory.PageTableScan;
import dev.kdlab.memory.PagingLevel;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.Pte;
import dev.kdlab.memory.SelfMap;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The PFN database and the not-valid PTEs of the settled default machine, checked against the page tables. */
class PfnDatabaseTest {
    private static final StructType MMPFN = TypeCatalog.nt().struct("_MMPFN");
    private static Kernel kernel;
    private static PhysicalMemory physical;
    private static AddressSpace system;
    private static long database;
    private static SelfMap selfMap;

    @BeforeAll
    static void boot() throws Exception {
        kernel = DefaultMachine.bootKernel(DefaultMachine.DEFAULT_SEED);
        physical = kernel.space().physical();
        system = kernel.space().memory();
        database = system.readLong(kernel.ntSymbol("MmPfnDatabase"));
        selfMap = new SelfMap(kernel.plan().pteBase());
    }

    private static long pfnField(long pfn, String path) throws Exception {
        return NtTypes.view(system, "_MMPFN", database + MMPFN.size() * pfn).get(path);
    }

    /** Every PTE-level entry of the kernel half: its VA, where it sits and what it holds. */
    private static List<long[]> kernelPtes() {
        List<long[]> ptes = new ArrayList<>();
        new PageTableScan(physical).scan(kernel.plan().systemDirectoryTableBase(), 0x100, 0x1ff,
                kernel.plan().selfMapIndex(), (level, va, at, entry) -> {
                    if (level == PagingLevel.PTE) {
                        ptes.add(new long[] {va, at, entry});
                    }
                });
        return ptes;
    }

    @Test
    void theDatabaseSitsAtTheStartOfAKernelPml4SlotOfItsOwn() {
        assertThat(database & ((1L << 39) - 1)).isZero();
        assertThat(database >>> 48).isEqualTo(0xffff);
        int slot = PagingLevel.PXE.index(database);
        assertThat(slot).isNotEqualTo(kernel.plan().selfMapIndex());
        long systemEntry = physical.readLong(kernel.plan().systemDirectoryTableBase() + 8L * slot);
        for (ActiveProcesses.Process process : ActiveProcesses.list(kernel.space(), kernel.activeProcessHead())) {
            assertThat(physical.readLong(process.directoryTableBase() + 8L * slot)).as("PML4 of %x", process.eprocess())
                    .isEqualTo(systemEntry);
        }
    }

    @Test
    void everyValidKernelPageNamesItsPteAndTheTableHoldingIt() throws Exception {
        int checked = 0;
        long lastEntry = database + MMPFN.size() * physical.highestPageFrameNumber();
        long zeroed = system.translate(lastEntry) >>> 12;   // what every free frame's part of the array maps
        for (long[] pte : kernelPtes()) {
            if (!Pte.isValid(pte[2]) || Pte.pfn(pte[2]) == zeroed) {
                continue;
            }
            long pfn = Pte.pfn(pte[2]);
            if (pfnField(pfn, "u4.PrototypePte") != 0) {
                continue;
            }
            assertThat(pfnField(pfn, "PteAddress")).as("pfn %x", pfn).isEqualTo(selfMap.pteAddress(pte[0]));
            assertThat(pfnField(pfn, "u4.PteFrame")).isEqualTo(pte[1] >>> 12);
            assertThat(pfnField(pfn, "u3.e1.PageLocation")).isEqualTo(PfnDatabase.ACTIVE_AND_VALID);
            assertThat(pfnField(pfn, "u2.ShareCount")).isPositive();
            checked++;
        }
        assertThat(checked).isGreaterThan(500);
    }

    @Test
    void aUserPageTableNamesThePdeThatMapsIt() throws Exception {
        ActiveProcesses.Process notepad = ActiveProcesses.list(kernel.space(), kernel.activeProcessHead()).stream()
                .filter(ActiveProcesses.Process::hasUserSpace).findFirst().orElseThrow();
        var walk = ActiveProcesses.space(kernel.space(), notepad).walk(notepad.peb());
        long pde = walk.steps().get(2).entry();
        long pfn = Pte.pfn(pde);
        assertThat(pfnField(pfn, "PteAddress")).isEqualTo(selfMap.entryAddress(PagingLevel.PDE, notepad.peb()));
        assertThat(pfnField(pfn, "u4.PteFrame")).isEqualTo(walk.steps().get(2).entryAddress() >>> 12);
        int used = 0;
        for (int i = 0; i < 512; i++) {
            used += physical.readLong(Pte.pfn(pde) * 4096 + 8L * i) != 0 ? 1 : 0;
        }
        assertThat(pfnField(pfn, "OriginalPte.u.Soft.UsedPageTableEntries")).isEqualTo(used);
        long pml4 = notepad.directoryTableBase() >>> 12;
        assertThat(pfnField(pml4, "u4.PteFrame")).as("a PML4 is its own table").isEqualTo(pml4);
    }

    @Test
    void pagedPoolHoldsATransitionAPagedOutAndADemandZeroPage() throws Exception {
        Map<String, long[]> kinds = new HashMap<>();
        long pool = kernel.plan().pagedPool() >>> 39;
        for (long[] pte : kernelPtes()) {
            if (pte[0] >>> 39 != pool || Pte.isValid(pte[2])) {
                continue;
            }
            kinds.put(Pte.isTransition(pte[2]) ? "transition" : pte[2] >>> 32 != 0 ? "paged out" : "demand zero", pte);
        }
        assertThat(kinds).containsOnlyKeys("transition", "paged out", "demand zero");
        long standby = Pte.pfn(kinds.get("transition")[2]);
        assertThat(pfnField(standby, "u3.e1.PageLocation")).isEqualTo(PfnDatabase.STANDBY_PAGE_LIST);
        assertThat(pfnField(standby, "PteAddress")).isEqualTo(selfMap.pteAddress(kinds.get("transition")[0]));
        assertThat(physical.readLong(standby * 4096) & 0xffffffffL).as("the hive's base block, still in RAM")
                .isEqualTo(0x66676572L);
        assertThat(kinds.get("demand zero")[2]).isEqualTo(0x80);
    }

    @Test
    void framesOfPagedOutPagesAreFreeAndEveryUsedFrameHasAnEntry() throws Exception {
        FrameAllocator frames = kernel.space().frames();
        long pagedOut = 0;
        for (long[] pte : kernelPtes()) {
            if (!Pte.isValid(pte[2]) && !Pte.isTransition(pte[2]) && pte[2] >>> 32 != 0) {
                pagedOut++;
            }
        }
        assertThat(pagedOut).isEqualTo(1);
        long used = 0;
        for (long pfn = frames.nextUsed(0); pfn >= 0; pfn = frames.nextUsed(pfn + 1)) {
            assertThat(system.isReadable(database + MMPFN.size() * pfn)).as("entry of pfn %x mapped", pfn).isTrue();
            assertThat(pfnField(pfn, "u3.e1.CacheAttribute")).isEqualTo(1);
            used++;
        }
        assertThat(used).isEqualTo(frames.framesInUse()).isGreaterThan(10_000);
        java.util.Set<Long> arrayFrames = new java.util.HashSet<>();
        for (long page = 0; page < (physical.highestPageFrameNumber() + 1) * MMPFN.size() / 4096; page++) {
            arrayFrames.add(system.translate(database + page * 4096) >>> 12);   // free frames' pages share one zeroed frame
        }
        assertThat(arrayFrames.size()).as("sparse: about one page per 85 used frames").isLessThan((int) (used / 20));
        assertThat(lkdFreeFrameEntry()).isZero();
    }

    /** The entry of the highest frame of RAM, which nothing uses: it reads, as a zeroed-list entry. */
    private static long lkdFreeFrameEntry() throws Exception {
        long last = physical.highestPageFrameNumber();
        assertThat(kernel.space().frames().isUsed(last)).isFalse();
        return pfnField(last, "u3.e1.PageLocation") | pfnField(last, "PteAddress");
    }

    @Test
    void theFrameBufferApertureIsOneGibPageOfDeviceMemory() throws Exception {
        long va = IoSpace.frameBufferAddress(kernel.plan());
        var walk = system.walk(va + 0x1234567);
        assertThat(walk.steps()).hasSize(2);
        assertThat(walk.last().endsInLargePage()).isTrue();
        assertThat(walk.physicalAddress()).isEqualTo(IoSpace.FRAME_BUFFER_PHYSICAL + 0x1234567);
        assertThat(physical.contains(walk.physicalAddress())).as("I/O space, not RAM").isFalse();
        assertThat(system.isReadable(va)).isTrue();
        assertThat(system.readAvailable(va, new byte[8], 0, 8)).as("no RAM behind it").isZero();
    }
}
