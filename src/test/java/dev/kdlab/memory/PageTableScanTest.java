package dev.kdlab.memory;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PageTableScanTest {
    private static final long CR3 = 0x1ad000;

    @Test
    void visitsEveryNonZeroEntryTopDownAndStopsAtLargePagesAndTheSelfMap() {
        PhysicalMemory memory = new SparseRam(1L << 32);
        FrameAllocator frames = new FrameAllocator(memory, 7);
        frames.claim(CR3 >>> 12);
        PageMapper mapper = new PageMapper(memory, frames);
        int selfSlot = 0x1ed;
        memory.writeLong(CR3 + 8L * selfSlot, Pte.make(CR3 >>> 12, Pte.KERNEL_DATA));
        mapper.map(CR3, 0x7ff6_0000_1000L, 0x1234, Pte.USER_DATA);
        mapper.setPte(CR3, 0x7ff6_0000_3000L, 0x80, true);
        mapper.mapLarge(CR3, 0xfffff805_00200000L, PagingLevel.PDE, 0x40000, Pte.KERNEL_CODE);
        mapper.mapLarge(CR3, 0xffff9000_40000000L, PagingLevel.PPE, 0x80000, Pte.KERNEL_DATA);
        List<String> seen = new ArrayList<>();
        new PageTableScan(memory).scan(CR3, 0, 511, selfSlot, (level, va, at, entry) ->
                seen.add(level + " " + Long.toHexString(va) + (Pte.isValid(entry) ? "" : " invalid")));
        assertThat(seen).containsExactly(
                "PXE 7f8000000000", "PPE 7ff600000000", "PDE 7ff600000000", "PTE 7ff600001000", "PTE 7ff600003000 invalid",
                "PXE ffff900000000000", "PPE ffff900040000000",
                "PXE fffff68000000000",
                "PXE fffff80000000000", "PPE fffff80500000000", "PDE fffff80500200000");
    }
}
