package dev.kdlab.kernel.mm;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.UserImage;
import dev.kdlab.kernel.io.IoManager;
import dev.kdlab.kernel.ob.ObjectManager;
import dev.kdlab.kernel.ob.ObjectNamespace;
import dev.kdlab.kernel.ob.ObjectTypeIndex;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.struct.StructView;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Section objects and what stands behind them (MmCreateSection): a {@code _CONTROL_AREA} per file
 * (or per pagefile-backed section) with its {@code _SEGMENT} and first {@code _SUBSECTION}; an image
 * file's control area hangs off the file's section object pointers (ImageSectionObject), a data
 * file's too (DataSectionObject), and FilePointer names the file object, which is how {@code !vad}
 * and {@code !object} find the path of a view or a section. Image segments carry the prototype PTEs
 * ({@link ImageSegments}).
 */
public final class Sections {
    private static final long PAGE = PhysicalMemory.PAGE_SIZE;
    /** _MMSECTION_FLAGS bits. */
    private static final long IMAGE = 1L << 5;
    private static final long FILE = 1L << 7;
    private static final long RESERVE = 1L << 12;
    private static final long COMMIT = 1L << 13;
    private static final long FILE_POINTER_NULL = 1L << 19;
    /** PAGE_READONLY, PAGE_READWRITE, PAGE_EXECUTE_WRITECOPY as sections keep their initial protection. */
    public static final int PAGE_READONLY = 0x02;
    public static final int PAGE_READWRITE = 0x04;
    private static final int PAGE_EXECUTE_WRITECOPY = 0x80;

    /** A section and the control area, subsection and first prototype PTE its views point at. */
    public record Section(long object, long controlArea, long subsection, long firstPrototypePte, long fileObject) {
    }

    private final KernelSpace kernel;
    private final ObjectManager objects;
    private final Pool pagedPool;
    private final Pool nonPagedPool;
    private final IoManager io;
    private final ImageSegments segments = new ImageSegments();
    private final Map<String, Section> images = new HashMap<>();
    private final Map<String, Section> dataFiles = new HashMap<>();

    Sections(KernelSpace kernel, ObjectManager objects, Pool pagedPool, Pool nonPagedPool, IoManager io) {
        this.kernel = kernel;
        this.objects = objects;
        this.pagedPool = pagedPool;
        this.nonPagedPool = nonPagedPool;
        this.io = io;
    }

    ImageSegments segments() {
        return segments;
    }

    /**
     * The image section of a file, made on the first map (MiCreateImageFileMap): the file opened,
     * a control area flagged Image|File with one subsection, the segment with a prototype PTE per
     * page (the frames every process maps), the section object, and the file's ImageSectionObject.
     */
    Section image(UserImage image, long[] frames) {
        return images.computeIfAbsent(image.path().toLowerCase(Locale.ROOT), path -> {
            long file = io.IopCreateFile(image.path(), 0x1);   // FILE_READ_DATA, as the section's creator opened it
            long prototypes = segments.createSegment(kernel, pagedPool, frames);
            Section section = create(image.size(), IMAGE | FILE, file, prototypes, PAGE_EXECUTE_WRITECOPY, "MmCi",
                    null);
            kernel.struct("_SECTION_OBJECT_POINTERS", io.sectionObjectPointers(file))
                    .put("ImageSectionObject", section.controlArea());
            return section;
        });
    }

    /** A data section of a file (a mapped .nls or .mui), one per file, its DataSectionObject. */
    public Section dataFile(String path, long bytes) {
        return dataFiles.computeIfAbsent(path.toLowerCase(Locale.ROOT), key -> {
            long file = io.IopCreateFile(path, 0x1);
            Section section = create(bytes, FILE, file, 0, PAGE_READONLY, "MmCa", null);
            kernel.struct("_SECTION_OBJECT_POINTERS", io.sectionObjectPointers(file))
                    .put("DataSectionObject", section.controlArea());
            return section;
        });
    }

    /** NtCreateSection backed by the paging file (SEC_COMMIT), named in the namespace when {@code path} is not null. */
    public Section MmCreatePagefileSection(long bytes, int protection, String path) {
        return create(bytes, COMMIT | FILE_POINTER_NULL, 0, 0, protection, "MmCa", path);
    }

    /**
     * A pagefile-backed section that is only reserved (SEC_RESERVE), of which {@code committedPages}
     * have been committed since: the CFG bitmap's section is one.
     */
    public Section MmCreateReservedSection(long bytes, long committedPages, int protection) {
        Section section = create(bytes, RESERVE | FILE_POINTER_NULL, 0, 0, protection, "MmCa", null);
        kernel.struct("_SEGMENT", kernel.struct("_CONTROL_AREA", section.controlArea()).get("Segment"))
                .put("NumberOfCommittedPages", committedPages);
        return section;
    }

    /**
     * Another section object over an existing control area (NtCreateSection on a file that already
     * has one: each process's image section, smss's \KnownDlls entries); named when {@code path} is given.
     */
    public long MmCreateSection(Section existing, String path) {
        StructView area = kernel.struct("_CONTROL_AREA", existing.controlArea());
        area.put("NumberOfSectionReferences", area.get("NumberOfSectionReferences") + 1);
        StructView first = kernel.struct("_SECTION", existing.object());
        long object = path == null
                ? objects.createPaged(ObjectTypeIndex.SECTION, "Sect", 0x40, 0)
                : namespace().createNamed(ObjectTypeIndex.SECTION, "Sect", 0x40, 0, true, path);
        kernel.fresh("_SECTION", object)
                .put("u1.ControlArea", existing.controlArea())
                .put("SizeOfSection", first.get("SizeOfSection"))
                .put("u.LongFlags", first.get("u.LongFlags"))
                .put("InitialPageProtection", first.get("InitialPageProtection"))
                .flush();
        return object;
    }

    private Section create(long bytes, long flags, long file, long prototypes, int protection, String areaTag,
                           String path) {
        long pages = (bytes + PAGE - 1) / PAGE;
        long controlArea = nonPagedPool.allocate(areaTag, 0x80 + 0x38);
        long subsection = controlArea + 0x80;
        long segment = pagedPool.allocate("MmSm", 0x48);
        kernel.fresh("_SEGMENT", segment)
                .put("ControlArea", controlArea)
                .put("TotalNumberOfPtes", pages)
                .put("SizeOfSegment", pages * PAGE)
                .put("NumberOfCommittedPages", (flags & COMMIT) != 0 ? pages : 0)
                .put("PrototypePte", prototypes)
                .flush();
        kernel.fresh("_CONTROL_AREA", controlArea)
                .put("Segment", segment)
                .emptyList("ListHead")
                .put("NumberOfSectionReferences", 1)
                .put("NumberOfPfnReferences", prototypes != 0 ? pages : 0)
                .put("u.LongFlags", flags)
                .put("FilePointer", file == 0 ? 0 : file | 0xf)   // _EX_FAST_REF: the low bits count cached references
                .put("u2.e2.NumberOfSubsections", 1)
                .flush();
        kernel.fresh("_SUBSECTION", subsection)
                .put("ControlArea", controlArea)
                .put("SubsectionBase", prototypes)
                .put("PtesInSubsection", pages)
                .flush();
        long object = path == null
                ? objects.createPaged(ObjectTypeIndex.SECTION, "Sect", 0x40, 0)
                : namespace().createNamed(ObjectTypeIndex.SECTION, "Sect", 0x40, 0, true, path);
        kernel.fresh("_SECTION", object)
                .put("u1.ControlArea", controlArea)
                .put("SizeOfSection", pages * PAGE)
                .put("u.LongFlags", flags)
                .put("InitialPageProtection", protection)
                .flush();
        if (file != 0) {
            objects.ObReferenceObject(file);
        }
        return new Section(object, controlArea, subsection, prototypes, file);
    }

    private ObjectNamespace namespace() {
        return objects.namespace();
    }

    /** A view was mapped: the control area counts it (NumberOfMappedViews, NumberOfUserReferences). */
    void viewMapped(Section section) {
        StructView area = kernel.struct("_CONTROL_AREA", section.controlArea());
        area.put("NumberOfMappedViews", area.get("NumberOfMappedViews") + 1)
                .put("NumberOfUserReferences", area.get("NumberOfUserReferences") + 1);
    }
}
