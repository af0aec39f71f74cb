package dev.kdlab.kernel;

import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.Pte;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The memory manager's part of process creation: address spaces (stage 3B), the image and ntdll
 * views (3D), and the PEB and TEBs (3E, and 4 for threads).
 */
public final class MemoryManager {
    private static final long PAGE = PhysicalMemory.PAGE_SIZE;
    private static final int KERNEL_HALF = 256;

    private final KernelSpace kernel;
    private final AddressPlan plan;
    private final SplittableRandom random;
    /** Image sections: the frames of an image file, mapped by every process that maps the file. */
    private final Map<String, long[]> sections = new HashMap<>();

    public MemoryManager(KernelSpace kernel, AddressPlan plan, SplittableRandom random) {
        this.kernel = kernel;
        this.plan = plan;
        this.random = random;
    }

    /**
     * Stage 3B, MmCreateProcessAddressSpace: a new PML4 whose kernel half is the System PML4's and
     * whose self-map slot points at itself; plus the hyperspace and working-set-list pages.
     */
    public long MmCreateProcessAddressSpace() {
        PhysicalMemory physical = kernel.physical();
        long pml4 = kernel.frames().allocate() << 12;
        long systemPml4 = plan.systemDirectoryTableBase();
        for (int slot = KERNEL_HALF; slot < 512; slot++) {
            long entry = physical.readLong(systemPml4 + 8L * slot);
            if (entry != 0) {
                physical.writeLong(pml4 + 8L * slot, entry);
            }
        }
        physical.writeLong(pml4 + 8L * plan.selfMapIndex(), Pte.make(pml4 >>> 12, Pte.KERNEL_DATA));
        kernel.frames().allocate();   // hyperspace page
        kernel.frames().allocate();   // working-set list page
        return pml4;
    }

    /** The user half's layout: PEB below 1 TB, heap at 000001xx`xxxx0000, stacks above the PEB. */
    public UserSpace newUserSpace(long directoryTableBase) {
        long peb = (long) random.nextInt(0x10, 0x100) << 32 | (long) random.nextInt(0x10, 0xff000) << 12;
        long heap = 0x100_0000_0000L | (long) random.nextInt(0x100) << 32 | (long) random.nextInt(0x10000) << 16;
        long firstStackTop = peb + 0x300000;
        return new UserSpace(new AddressSpace(kernel.physical(), directoryTableBase), kernel.mapper(), peb, heap,
                firstStackTop);
    }

    /** Maps an image view; the image's pages are one section shared by every process that maps it. */
    public void mapImage(UserSpace space, UserImage image) {
        long pages = (image.size() + PAGE - 1) / PAGE;
        boolean fresh = !sections.containsKey(image.path());
        long[] frames = sections.computeIfAbsent(image.path(), path -> {
            long[] f = new long[(int) pages];
            for (int i = 0; i < f.length; i++) {
                f[i] = kernel.frames().allocate();
            }
            return f;
        });
        space.mapShared(image.base(), frames, Pte.USER_CODE);
        if (fresh) {
            PeImage.write(space.memory(), image.base(), image.size(), image.timeDateStamp(),
                    image.path().toLowerCase().endsWith(".dll"), image.entryPointRva(), null);
        }
    }

    /** The image sections created so far: file path to the frames of its pages, in page order. */
    public Map<String, long[]> imageSections() {
        return java.util.Collections.unmodifiableMap(sections);
    }

    /** Copy-on-write made real: the process gets its own copy of one page of a shared image. */
    public void makePagePrivate(UserSpace space, long address) {
        long page = address & -PAGE;
        byte[] copy = new byte[(int) PAGE];
        space.memory().readAvailable(page, copy, 0, copy.length);
        space.mapPrivate(page, 1, Pte.USER_DATA);
        space.write(page, copy);
    }

    /** Stage 3E, MmCreatePeb: maps the PEB page and fills what the memory manager fills. */
    public long MmCreatePeb(UserSpace space, long imageBase, int sessionId, int processors) {
        long peb = space.peb();
        space.mapPrivate(peb, 1, Pte.USER_DATA);
        space.struct("_PEB", peb)
                .put("ImageBaseAddress", imageBase)
                .put("ProcessHeap", space.heapBase())
                .put("NumberOfHeaps", 1)
                .put("MaximumNumberOfHeaps", 0x10)
                .put("OSMajorVersion", 10)
                .put("OSMinorVersion", 0)
                .put("OSBuildNumber", 19045)
                .put("OSPlatformId", 2)
                .put("ImageSubsystem", 2)
                .put("ImageSubsystemMajorVersion", 10)
                .put("NumberOfProcessors", processors)
                .put("SessionId", Math.max(sessionId, 0))
                .put("HeapSegmentReserve", 0x100000)
                .put("HeapSegmentCommit", 0x2000)
                .put("BitField", 0x4);   // ImageUsesLargePages 0, IsImageDynamicallyRelocated 1
        return peb;
    }

    /** MmCreateTeb: the TEB of a new thread, with its stack and client id. */
    public long MmCreateTeb(UserSpace space, long processId, long threadId, long[] stack) {
        long teb = space.takeTeb();
        space.struct("_TEB", teb)
                .put("NtTib.StackBase", stack[0])
                .put("NtTib.StackLimit", stack[1])
                .put("NtTib.Self", teb)
                .put("NtTib.Version", 0x1e00)   // FiberData's union twin: the TEB version
                .put("ThreadLocalStoragePointer", space.heapAllocate(0x40 * 8))
                .put("ClientId.UniqueProcess", processId)
                .put("ClientId.UniqueThread", threadId)
                .put("RealClientId.UniqueProcess", processId)
                .put("RealClientId.UniqueThread", threadId)
                .put("ProcessEnvironmentBlock", space.peb())
                .put("CurrentLocale", 0x409);
        return teb;
    }
}
