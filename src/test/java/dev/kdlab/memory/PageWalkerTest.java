package dev.kdlab.memory;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageWalkerTest {
    private static final long CR3 = 0x1ad000;
    private SparseRam memory;
    private PageMapper mapper;
    private AddressSpace space;

    @BeforeEach
    void setUp() {
        memory = new SparseRam(1L << 30);
        FrameAllocator frames = new FrameAllocator(memory, 42);
        frames.claim(CR3 >>> 12);
        mapper = new PageMapper(memory, frames);
        space = new AddressSpace(memory, CR3);
    }

    @Test
    void fourKilobytePageWalksAllFourLevels() throws Exception {
        long va = 0xfffff780_00000123L;
        mapper.map(CR3, va, 0x1234, Pte.KERNEL_DATA);
        PageWalk walk = space.walk(va);
        assertThat(walk.translated()).isTrue();
        assertThat(walk.physicalAddress()).isEqualTo(0x1234123L);
        assertThat(walk.steps()).extracting(PageWalk.Step::level)
                .containsExactly(PagingLevel.PXE, PagingLevel.PPE, PagingLevel.PDE, PagingLevel.PTE);
        assertThat(walk.steps().get(0).entryAddress()).isEqualTo(CR3 + 8 * 0x1ef);
        assertThat(Pte.pfn(walk.last().entry())).isEqualTo(0x1234);
        assertThat(space.translate(va)).isEqualTo(0x1234123L);
    }

    /**
     * The TLB keeps a translation across writes to data pages, and drops it as soon as any table the
     * walk read is written (a PTE edited with {@code eq}), even one a data write never touched.
     */
    @Test
    void aCachedTranslationFollowsAnEditedPteButNotADataWrite() throws Exception {
        long va = 0xfffff780_00000010L;
        mapper.map(CR3, va, 0x1234, Pte.KERNEL_DATA);
        assertThat(space.translate(va)).isEqualTo(0x1234010L);
        long tables = memory.tableGeneration();
        space.write(va, new byte[] {1, 2, 3, 4}, 0, 4);
        memory.writeLong(0x5678000L, -1L);
        assertThat(memory.tableGeneration()).as("data writes leave translations alone").isEqualTo(tables);
        long pte = space.walk(va).last().entryAddress();
        memory.writeLong(pte, Pte.make(0x4321, Pte.KERNEL_DATA));
        assertThat(memory.tableGeneration()).isGreaterThan(tables);
        assertThat(space.translate(va)).isEqualTo(0x4321010L);
    }

    @Test
    void largePagesStopTheWalkEarly() throws Exception {
        mapper.mapLarge(CR3, 0xfffff805_00000000L, PagingLevel.PDE, 0x400, Pte.KERNEL_DATA);
        mapper.mapLarge(CR3, 0xffff9000_40000000L, PagingLevel.PPE, 0x40000, Pte.KERNEL_DATA);
        assertThat(space.translate(0xfffff805_001fffffL)).isEqualTo(0x5fffffL);
        assertThat(space.walk(0xfffff805_00001000L).steps()).hasSize(3);
        assertThat(space.translate(0xffff9000_7fffffffL)).isEqualTo(0x7fffffffL);
        assertThat(space.walk(0xffff9000_40000000L).last().endsInLargePage()).isTrue();
    }

    @Test
    void aFaultRecordsTheLevelThatStoppedTheWalk() {
        mapper.map(CR3, 0x7ff6_0000_0000L, 0x99, Pte.USER_DATA);
        PageWalk walk = space.walk(0x7ff6_0000_1000L);
        assertThat(walk.translated()).isFalse();
        assertThat(walk.faultLevel()).isEqualTo(PagingLevel.PTE);
        assertThat(space.walk(0x1000).faultLevel()).isEqualTo(PagingLevel.PXE);
        assertThatThrownBy(() -> space.readLong(0x7ff6_0000_1000L)).isInstanceOf(MemoryAccessException.class);
    }

    @Test
    void clearingTheValidBitIsSeenAtOnceDespiteTheTlb() throws Exception {
        long va = 0xffffc000_00001000L;
        mapper.map(CR3, va, 0x500, Pte.KERNEL_DATA);
        space.writeLong(va, 0x1122334455667788L);
        assertThat(space.readLong(va)).isEqualTo(0x1122334455667788L);
        long pteAddress = space.walk(va).last().entryAddress();
        memory.writeLong(pteAddress, memory.readLong(pteAddress) & ~Pte.VALID);
        assertThatThrownBy(() -> space.readLong(va)).isInstanceOf(MemoryAccessException.class);
    }

    @Test
    void readsCrossPageBoundariesAndFailWithTheFirstUnreadableAddress() throws Exception {
        long va = 0xffffc000_00010000L;
        mapper.map(CR3, va, 0x600, Pte.KERNEL_DATA);
        mapper.map(CR3, va + 0x1000, 0x700, Pte.KERNEL_DATA);
        space.write(va + 0xffc, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 8);
        assertThat(memory.readLong(0x600ffcL) & 0xffffffffL).isEqualTo(0x04030201L);
        assertThat(space.readLong(va + 0xffc)).isEqualTo(0x0807060504030201L);
        assertThatThrownBy(() -> space.read(va + 0x1ff8, 16))
                .isInstanceOf(MemoryAccessException.class)
                .extracting(e -> ((MemoryAccessException) e).address()).isEqualTo(va + 0x2000);
    }

    @Test
    void framesComeInShuffledRunsAndReleasedOnesCanBeHandedOutAgain() {
        FrameAllocator frames = new FrameAllocator(memory, 9);
        java.util.Set<Long> runs = new java.util.TreeSet<>();
        long first = frames.allocate();
        long second = frames.allocate();
        for (int i = 0; i < 62; i++) {
            runs.add(frames.allocate() / 64);
        }
        assertThat(runs).containsExactly(first / 64).contains(second / 64);
        assertThat(second).isNotEqualTo(first + 1).isNotEqualTo(first - 1);   // shuffled inside the run
        assertThat(frames.allocate() / 64).isNotEqualTo(first / 64);           // the run is used up
        frames.release(first);
        assertThat(frames.isUsed(first)).isFalse();
        assertThat(frames.nextUsed(first / 64 * 64)).isEqualTo(first == first / 64 * 64 ? first + 1 : first / 64 * 64);
        assertThatThrownBy(() -> frames.release(first)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void untouchedFramesCostNothing() {
        mapper.map(CR3, 0xffffc000_00020000L, 0x800, Pte.KERNEL_DATA);
        int touched = memory.touchedFrames();
        assertThat(memory.readLong(0x800000L)).isZero();
        assertThat(memory.touchedFrames()).isEqualTo(touched);
        assertThat(PageWalker.isCanonical(0x0000_8000_0000_0000L)).isFalse();
        assertThat(PageWalker.canonical(0x0000_8000_0000_0000L)).isEqualTo(0xffff_8000_0000_0000L);
    }
}
