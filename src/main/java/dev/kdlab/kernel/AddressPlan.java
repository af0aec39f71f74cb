package dev.kdlab.kernel;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Where this boot puts things, chosen from the seed the way KASLR chooses them: the kernel image
 * at fffff80x`xxx00000, the PTE self-map at a PML4 slot in 0x100-0x1fe, the pools in their own
 * 512 GiB slots of the kernel half. Same seed, same plan.
 */
public final class AddressPlan {
    /** PML4 slot of fffff780`00000000 (KUSER_SHARED_DATA) and of fffff800`... (the kernel image). */
    private static final int SHARED_DATA_SLOT = 0x1ef;
    private static final int KERNEL_IMAGE_SLOT = 0x1f0;

    private final long kernelBase;
    private final int selfMapIndex;
    private final long nonPagedPool;
    private final long pagedPool;
    private final long kernelStacks;
    private final long sessionSpace;
    private final int obHeaderCookie;
    private final long systemDirectoryTableBase;
    private final long hyperSpace;

    public AddressPlan(SplittableRandom random) {
        kernelBase = 0xfffff800_00000000L | (long) random.nextInt(8) << 32 | (long) random.nextInt(0x800) << 21;
        Set<Integer> taken = new HashSet<>(Set.of(SHARED_DATA_SLOT, KERNEL_IMAGE_SLOT));
        selfMapIndex = pickSlot(random, taken, 0x100, 0x1ff);
        nonPagedPool = regionIn(random, pickSlot(random, taken, 0x180, 0x1c0));
        pagedPool = regionIn(random, pickSlot(random, taken, 0x120, 0x1c0));
        kernelStacks = regionIn(random, pickSlot(random, taken, 0x181, 0x1c0));
        sessionSpace = regionIn(random, pickSlot(random, taken, 0x170, 0x1c0));
        obHeaderCookie = random.nextInt(1, 0x100);
        // Windows puts the System PML4 in the 0x1a0000-0x1b0000 window; live machines show 001ad000.
        systemDirectoryTableBase = 0x1ad000;
        // Hyperspace: a kernel-half slot whose entry each process fills in its own PML4, never System's.
        hyperSpace = slotBase(pickSlot(random, taken, 0x1c0, 0x1ef));
    }

    private static int pickSlot(SplittableRandom random, Set<Integer> taken, int from, int to) {
        while (true) {
            int slot = random.nextInt(from, to);
            if (taken.add(slot)) {
                return slot;
            }
        }
    }

    /** A 1 MiB-aligned start somewhere in the slot's first half, where the region grows upwards. */
    private static long regionIn(SplittableRandom random, int slot) {
        return slotBase(slot) | (long) random.nextInt(0x40) << 33 | (long) random.nextInt(0x2000) << 20;
    }

    /** The canonical address of the first byte a PML4 slot maps. */
    public static long slotBase(int pml4Index) {
        return (long) pml4Index << 39 | (pml4Index >= 0x100 ? 0xffff0000_00000000L : 0);
    }

    public long kernelBase() {
        return kernelBase;
    }

    public int selfMapIndex() {
        return selfMapIndex;
    }

    /** PTE_BASE as Windows 10 derives it from the self-map index (MmPteBase). */
    public long pteBase() {
        return slotBase(selfMapIndex);
    }

    public long nonPagedPool() {
        return nonPagedPool;
    }

    public long pagedPool() {
        return pagedPool;
    }

    public long kernelStacks() {
        return kernelStacks;
    }

    public long sessionSpace() {
        return sessionSpace;
    }

    public int obHeaderCookie() {
        return obHeaderCookie;
    }

    public long systemDirectoryTableBase() {
        return systemDirectoryTableBase;
    }

    /** The per-process part of the kernel half: hyperspace, the working set list, the VAD bitmap. */
    public long hyperSpace() {
        return hyperSpace;
    }

    /** The kernel-half regions whose top-level entries exist before any process is created. */
    public long[] kernelRegions() {
        return new long[] {kernelBase, nonPagedPool, pagedPool, kernelStacks, sessionSpace, 0xfffff780_00000000L};
    }
}
