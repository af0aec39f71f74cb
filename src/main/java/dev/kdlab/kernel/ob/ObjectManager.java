package dev.kdlab.kernel.ob;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.NtTypes;
import dev.kdlab.kernel.ex.HandleTable;
import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.image.NtGlobals;
import dev.kdlab.kernel.image.NtImage;
import dev.kdlab.kernel.image.NtRoutines;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.struct.StructBuffer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The object manager: ObCreateObjectType for the types of nt!ObTypeIndexTable, ObCreateObject
 * (pool header, optional headers, {@code _OBJECT_HEADER} with its cookie-encoded TypeIndex, body),
 * the namespace of named objects ({@link ObjectNamespace}), handles (ObpCreateHandle: an entry in a
 * handle table, the header's HandleCount and PointerCount, the type's totals) and the security
 * descriptors objects share (ObLogSecurityDescriptor).
 *
 * <p>Optional headers sit in front of the header, the lowest InfoMask bit nearest it, so header
 * minus {@code nt!ObpInfoMaskToOffset[InfoMask & (bit | bit - 1)]} is where each one starts
 * (layouts README, "Object header"). A handle takes {@link HandleTable#CACHED_REFERENCES} + 1
 * references at once, which is why a live object with one handle shows PointerCount 32768
 * (transcripts 6.1, 6.4).
 */
public final class ObjectManager {
    /** InfoMask bits, lowest nearest the header. */
    public static final int CREATOR_INFO = 0x01;
    public static final int NAME_INFO = 0x02;
    public static final int HANDLE_INFO = 0x04;
    public static final int QUOTA_INFO = 0x08;
    public static final int PROCESS_INFO = 0x10;
    public static final int AUDIT_INFO = 0x20;
    public static final int EXTENDED_INFO = 0x40;
    public static final int PADDING_INFO = 0x80;
    /** The sizes of the optional headers, bit 0 first (_OBJECT_HEADER_*_INFO in layouts-19041). */
    private static final int[] OPTIONAL_SIZES = {0x20, 0x20, 0x10, 0x20, 0x10, 0x10, 0x10, 0x4};
    public static final int OBJECT_HEADER_SIZE = NtTypes.offsetOf("_OBJECT_HEADER", "Body");
    /** _OBJECT_HEADER's fields, as offsets from the header (the catalog's layout). */
    static final int HEADER_POINTER_COUNT = NtTypes.offsetOf("_OBJECT_HEADER", "PointerCount");
    static final int HEADER_HANDLE_COUNT = NtTypes.offsetOf("_OBJECT_HEADER", "HandleCount");
    static final int HEADER_TYPE_INDEX = NtTypes.offsetOf("_OBJECT_HEADER", "TypeIndex");
    static final int HEADER_INFO_MASK = NtTypes.offsetOf("_OBJECT_HEADER", "InfoMask");
    static final int HEADER_FLAGS = NtTypes.offsetOf("_OBJECT_HEADER", "Flags");
    static final int HEADER_SECURITY_DESCRIPTOR = NtTypes.offsetOf("_OBJECT_HEADER", "SecurityDescriptor");
    /** _OBJECT_HEADER.Flags: KernelObject, PermanentObject. */
    public static final int KERNEL_OBJECT = 0x02;
    public static final int PERMANENT_OBJECT = 0x10;
    /** What one handle adds to PointerCount: the references its entry caches, plus the handle's own. */
    private static final long HANDLE_REFERENCES = HandleTable.CACHED_REFERENCES + 1;

    private final KernelSpace kernel;
    private final Pool nonPaged;
    private final Pool paged;
    private final NtImage nt;
    private final int cookie;
    private final long[] typeObjects = new long[ObjectTypeIndex.FIRST + ObjectTypeIndex.NAMES.size()];
    private final long[][] typeTotals = new long[typeObjects.length][4];
    private final Map<String, Long> securityDescriptors = new HashMap<>();
    private final ObjectNamespace namespace;
    /** Device maps by logon session (SYSTEM's is nt!ObSystemDeviceMap), with their reference counts. */
    private final Map<Long, long[]> deviceMaps = new HashMap<>();
    private HandleTable kernelHandles;

    public ObjectManager(KernelSpace kernel, Pool nonPaged, Pool paged, NtImage nt, int cookie) {
        this.kernel = kernel;
        this.nonPaged = nonPaged;
        this.paged = paged;
        this.nt = nt;
        this.cookie = cookie;
        this.namespace = new ObjectNamespace(this, kernel, paged);
    }

    /**
     * The object manager's part of phase 0: the InfoMask table, every object type, the kernel's handle
     * table (nt!ObpKernelHandleTable, the first on nt!HandleTableListHead), the root directory with
     * \ObjectTypes, \KernelObjects, \Callback, and the DOS devices directory \GLOBAL?? that \DosDevices
     * names (ObpCreateDosDevicesDirectory) with SYSTEM's device map over it.
     */
    public void ObInitSystem(long creationTime) {
        ListEntry.initializeHead(kernel.memory(), nt.address(NtSymbols.HANDLE_TABLE_LIST_HEAD));
        writeInfoMaskToOffset();
        createObjectTypes(nt.address(NtSymbols.OB_TYPE_INDEX_TABLE));
        kernelHandles = HandleTable.create(kernel, paged, 0, 0, true, nt.address(NtSymbols.HANDLE_TABLE_LIST_HEAD));
        kernel.write64(nt.address(NtSymbols.OBP_KERNEL_HANDLE_TABLE), kernelHandles.address());
        namespace.ObpCreateRootDirectory(nt.address(NtSymbols.OBP_ROOT_DIRECTORY_OBJECT));
        long objectTypes = namespace.directory("\\ObjectTypes");
        for (int index = ObjectTypeIndex.FIRST; index < typeObjects.length; index++) {
            namespace.insert(objectTypes, ObjectTypeIndex.name(index), typeObjects[index]);
        }
        namespace.directory("\\KernelObjects");
        namespace.directory("\\Callback");
        ObpUpdateTypeTotals();
        long global = namespace.directory("\\GLOBAL??");
        namespace.symbolicLink("\\DosDevices", "\\??", creationTime);
        long systemMap = newDeviceMap(global);
        deviceMaps.put(SYSTEM_LOGON, new long[] {systemMap, 0});
        kernel.write64(nt.address(NtSymbols.OB_SYSTEM_DEVICE_MAP), systemMap);
    }

    /** SYSTEM_LUID: the logon whose processes see \GLOBAL?? itself as their DOS devices. */
    private static final long SYSTEM_LOGON = 0x3e7;

    /** nt!ObpKernelHandleTable: the System process's handle table, where kernel handles live. */
    public HandleTable kernelHandleTable() {
        return kernelHandles;
    }

    /**
     * The device map a process of a logon session gets (ObpSetDeviceMap through SeGetLogonIdDeviceMap):
     * SYSTEM's is the global one; any other logon has its own DOS devices directory,
     * \Sessions\0\DosDevices\00000000-<logon id>, in front of \GLOBAL??. Each process adds a reference.
     */
    public long ObpReferenceDeviceMap(long logonId) {
        long[] map = deviceMaps.computeIfAbsent(logonId, id -> {
            long directory = namespace.directory(String.format("\\Sessions\\0\\DosDevices\\00000000-%08x", id));
            return new long[] {newDeviceMap(directory), 0};
        });
        map[1]++;
        kernel.struct("_DEVICE_MAP", map[0]).put("ReferenceCount", map[1]);
        return map[0];
    }

    private long newDeviceMap(long dosDevices) {
        long map = paged.allocate("ObDm", 0x48);
        kernel.fresh("_DEVICE_MAP", map)
                .put("DosDevicesDirectory", dosDevices)
                .put("GlobalDosDevicesDirectory", namespace.lookup("\\GLOBAL??"))
                .put("DriveMap", 0x4)   // C:
                .flush();
        kernel.struct("_OBJECT_DIRECTORY", dosDevices).put("DeviceMap", map);
        return map;
    }

    /**
     * ObCreateObject of an object that is only ever reached through handles and whose body the
     * kernel leaves as its creator zeroed it (the pool tag is the type's key, as ObpAllocateObject
     * tags objects): worker factories, IR timers, ETW registrations and the like.
     */
    public long createUnnamed(int typeIndex, long bodySize) {
        String name = ObjectTypeIndex.name(typeIndex);
        return create(typeIndex, name.length() >= 4 ? name.substring(0, 4) : name, bodySize, 0,
                ObjectTypeInitializers.of(name).poolType() == ObjectTypeInitializers.PAGED_POOL ? paged : nonPaged);
    }

    public ObjectNamespace namespace() {
        return namespace;
    }

    /** nt!ObpInfoMaskToOffset: for each InfoMask value, the bytes of optional headers it announces. */
    private void writeInfoMaskToOffset() {
        byte[] table = new byte[256];
        for (int mask = 0; mask < 256; mask++) {
            table[mask] = (byte) optionalSize(mask);
        }
        kernel.write(nt.address(NtSymbols.OBP_INFO_MASK_TO_OFFSET), table);
    }

    /**
     * ObCreateObjectType for every type of the table, in index order, filling nt!ObTypeIndexTable and
     * nt!ObpObjectTypes: each type object is named (it goes into \ObjectTypes) and carries a creator
     * header on the Type type's TypeList; its TypeInfo holds the component's initializer.
     */
    void createObjectTypes(long obTypeIndexTable) {
        long typeList = 0;
        for (int index = ObjectTypeIndex.FIRST; index < typeObjects.length; index++) {
            String name = ObjectTypeIndex.name(index);
            long type = create(ObjectTypeIndex.FIRST, "ObjT", 0xd8, CREATOR_INFO | NAME_INFO, nonPaged);
            typeObjects[index] = type;
            if (index == ObjectTypeIndex.FIRST) {
                typeList = type;
            }
            long nameBuffer = nonPaged.allocate("ObNm", 2L * name.length() + 2);
            kernel.writeWide(nameBuffer, name);
            ObjectTypeInitializers.Initializer init = ObjectTypeInitializers.of(name);
            StructBuffer t = kernel.fresh("_OBJECT_TYPE", type)
                    .emptyList("TypeList")
                    .putUnicodeString("Name", nameBuffer, 2 * name.length(), 2 * name.length() + 2)
                    .put("Index", index)
                    .put("Key", Pool.tagValue(name.length() >= 4 ? name.substring(0, 4) : name))
                    .emptyList("CallbackList")
                    .put("TypeInfo.Length", 0x78)
                    .put("TypeInfo.ObjectTypeFlags", init.flags())
                    .put("TypeInfo.ObjectTypeCode", index)
                    .put("TypeInfo.InvalidAttributes", init.invalidAttributes())
                    .put("TypeInfo.GenericMapping.GenericRead", init.mapping()[0])
                    .put("TypeInfo.GenericMapping.GenericWrite", init.mapping()[1])
                    .put("TypeInfo.GenericMapping.GenericExecute", init.mapping()[2])
                    .put("TypeInfo.GenericMapping.GenericAll", init.mapping()[3])
                    .put("TypeInfo.ValidAccessMask", init.validAccess())
                    .put("TypeInfo.RetainAccess", index == ObjectTypeIndex.PROCESS || index == ObjectTypeIndex.THREAD
                            ? 0x101000 : 0)
                    .put("TypeInfo.PoolType", init.poolType())
                    .put("TypeInfo.DefaultPagedPoolCharge", init.pagedCharge())
                    .put("TypeInfo.DefaultNonPagedPoolCharge", init.nonPagedCharge());
            String[] methods = init.methods();
            String[] fields = {"OpenProcedure", "CloseProcedure", "DeleteProcedure", "ParseProcedure",
                    "SecurityProcedure", "QueryNameProcedure", "OkayToCloseProcedure"};
            for (int i = 0; i < fields.length; i++) {
                if (methods[i] != null) {
                    t.put("TypeInfo." + fields[i], nt.address(NtRoutines.rva(methods[i])));
                }
            }
            t.flush();
            kernel.struct("_OBJECT_HEADER", type - OBJECT_HEADER_SIZE).put("Flags", KERNEL_OBJECT | PERMANENT_OBJECT);
            kernel.write64(nt.address(NtSymbols.OBP_OBJECT_TYPES) + 8L * (index - ObjectTypeIndex.FIRST), type);
        }
        // The Type type keeps a list of its objects through their creator headers (MaintainTypeList).
        for (int index = ObjectTypeIndex.FIRST; index < typeObjects.length; index++) {
            long creator = typeObjects[index] - OBJECT_HEADER_SIZE - optionalSize(CREATOR_INFO);
            kernel.struct("_OBJECT_HEADER_CREATOR_INFO", creator).put("CreatorUniqueProcess", 0);
            ListEntry.insertTail(kernel.memory(), typeList, creator);
        }
        for (int index = ObjectTypeIndex.FIRST; index < typeObjects.length; index++) {
            kernel.write64(obTypeIndexTable + 8L * index, typeObjects[index]);
        }
        kernel.write64(obTypeIndexTable + 8, 0xbad0b0b0L);   // slot 1 holds a marker, not a type
        writeTypeGlobals();
    }

    /**
     * The nt! globals that name a type object: PsProcessType, PsThreadType, ObpTypeObjectType, and
     * every pointer NtGlobals lays out (IoFileObjectType, SeTokenObjectType, PsJobType ...).
     */
    private void writeTypeGlobals() {
        kernel.write64(nt.address(NtSymbols.PS_PROCESS_TYPE), typeObjects[ObjectTypeIndex.PROCESS]);
        kernel.write64(nt.address(NtSymbols.PS_THREAD_TYPE), typeObjects[ObjectTypeIndex.THREAD]);
        kernel.write64(nt.address(NtSymbols.OBP_TYPE_OBJECT_TYPE), typeObjects[ObjectTypeIndex.FIRST]);
        NtGlobals.OBJECT_TYPES.forEach((global, type) -> kernel.write64(nt.address(NtGlobals.rva(global)),
                typeObjects[ObjectTypeIndex.FIRST + ObjectTypeIndex.NAMES.indexOf(type)]));
    }

    public long typeObject(int index) {
        return typeObjects[index];
    }

    /** ObCreateObject in nonpaged pool: returns the body address. */
    public long create(int typeIndex, String poolTag, long bodySize, int infoMask) {
        return create(typeIndex, poolTag, bodySize, infoMask, nonPaged);
    }

    /** ObCreateObject of a type whose objects live in paged pool (tokens, sections, keys, directories). */
    public long createPaged(int typeIndex, String poolTag, long bodySize, int infoMask) {
        return create(typeIndex, poolTag, bodySize, infoMask, paged);
    }

    /**
     * ObCreateObject: pool block, optional headers, header and a zeroed body, written at once. The
     * object starts with the creator's one reference (PointerCount 1) and no handle.
     */
    public long create(int typeIndex, String poolTag, long bodySize, int infoMask, Pool pool) {
        int optional = alignedOptionalSize(infoMask);
        long block = pool.peekNext(optional + OBJECT_HEADER_SIZE + bodySize);
        long header = block + optional;
        byte[] bytes = new byte[optional + OBJECT_HEADER_SIZE];
        if ((infoMask & PADDING_INFO) != 0) {
            // The padding header sits first; PaddingAmount counts the bytes before the next header.
            LittleEndian.put(bytes, optional - optionalSize(infoMask), 4, optional - optionalSize(infoMask & 0x7f));
        }
        int at = optional;
        LittleEndian.putLong(bytes, at + HEADER_POINTER_COUNT, 1);
        bytes[at + HEADER_TYPE_INDEX] = (byte) (typeIndex ^ cookie ^ (int) ((header >>> 8) & 0xff));
        bytes[at + HEADER_INFO_MASK] = (byte) infoMask;
        if (pool.allocate(poolTag, optional + OBJECT_HEADER_SIZE + bodySize, bytes) != block) {
            throw new IllegalStateException("pool moved under ObCreateObject");
        }
        bumpTypeTotal(typeIndex, 0, 1);
        return header + OBJECT_HEADER_SIZE;
    }

    /** Where an optional header of an object starts (header minus ObpInfoMaskToOffset[mask & (bit | bit - 1)]). */
    long optionalHeader(long body, int infoMask, int bit) {
        return body - OBJECT_HEADER_SIZE - optionalSize(infoMask & (bit | (bit - 1)));
    }

    /** _OBJECT_HEADER.Flags of an object, e.g. {@link #PERMANENT_OBJECT} for what the kernel keeps for good. */
    public void setFlags(long body, int flags) {
        kernel.write(body - OBJECT_HEADER_SIZE + HEADER_FLAGS, new byte[] {(byte) flags});
    }

    /**
     * ObpFreeObject, once the last reference to an object in nonpaged pool is gone: no references,
     * one object fewer of its type, and its pool block freed (the bytes stay until reused).
     */
    public void ObpFreeObject(int typeIndex, long body) {
        long header = body - OBJECT_HEADER_SIZE;
        int infoMask = (int) kernel.read(header + HEADER_INFO_MASK, 1);
        writeCounts(body, new long[] {0, 0});
        typeTotals[typeIndex][0]--;
        writeTypeTotals(typeIndex);
        nonPaged.free(header - alignedOptionalSize(infoMask));
    }

    /**
     * ObpCreateHandle: a handle to the object in the table, with the access granted and the entry's
     * attributes ({@link HandleTable#PROTECT_FROM_CLOSE} ...); counts go up in the header and the type.
     */
    public long ObOpenObjectByPointer(HandleTable table, long body, long grantedAccess, int attributes) {
        return ObpCreateHandle(table, body, grantedAccess, attributes, HANDLE_REFERENCES);
    }

    /**
     * ObInsertObject: the object's first handle takes over the creator's reference (so one handle
     * shows PointerCount 32768); returns the handle.
     */
    public long ObInsertObject(HandleTable table, long body, long grantedAccess, int attributes) {
        return ObpCreateHandle(table, body, grantedAccess, attributes, HANDLE_REFERENCES - 1);
    }

    /** The entry, then the header's counts: one more handle, {@code references} more pointer references. */
    private long ObpCreateHandle(HandleTable table, long body, long grantedAccess, int attributes, long references) {
        long handle = table.add(body, grantedAccess, attributes);
        long[] c = counts(body);
        c[0] += references;
        c[1]++;
        writeCounts(body, c);
        bumpTypeTotal(typeIndexOf(body), 1, 0);
        return handle;
    }

    /** ObReferenceObject: one more pointer reference (a thread referencing its process, a view its section). */
    public void ObReferenceObject(long body) {
        long[] c = counts(body);
        c[0]++;
        writeCounts(body, c);
    }

    /** The header's PointerCount and HandleCount, as they stand. */
    private long[] counts(long body) {
        byte[] bytes = kernel.memory().read(body - OBJECT_HEADER_SIZE, HEADER_HANDLE_COUNT + 8);
        return new long[] {LittleEndian.getLong(bytes, HEADER_POINTER_COUNT), LittleEndian.getLong(bytes, HEADER_HANDLE_COUNT)};
    }

    private void writeCounts(long body, long[] c) {
        byte[] bytes = new byte[HEADER_HANDLE_COUNT + 8];
        LittleEndian.putLong(bytes, HEADER_POINTER_COUNT, c[0]);
        LittleEndian.putLong(bytes, HEADER_HANDLE_COUNT, c[1]);
        kernel.write(body - OBJECT_HEADER_SIZE, bytes);
    }

    /** The decoded type index of an object of this kernel. */
    public int typeIndexOf(long body) {
        long header = body - OBJECT_HEADER_SIZE;
        return (int) (kernel.read(header + HEADER_TYPE_INDEX, 1) ^ cookie ^ ((header >>> 8) & 0xff));
    }

    /**
     * TotalNumberOfHandles/Objects and their high-water marks: counted as objects and handles come,
     * written to the type objects by {@link #ObpUpdateTypeTotals} (the counters a debugger reads are
     * those of the last update, as a sampled counter would be).
     */
    private void bumpTypeTotal(int typeIndex, int handles, int objects) {
        long[] totals = typeTotals[typeIndex];
        totals[0] += objects;
        totals[1] += handles;
        totals[2] = Math.max(totals[2], totals[0]);
        totals[3] = Math.max(totals[3], totals[1]);
    }

    /** Writes every type's totals into its _OBJECT_TYPE: called at the end of each stage that makes objects. */
    public void ObpUpdateTypeTotals() {
        for (int index = ObjectTypeIndex.FIRST; index < typeObjects.length; index++) {
            writeTypeTotals(index);
        }
    }

    /** One type's TotalNumberOfObjects, TotalNumberOfHandles and their high-water marks. */
    private void writeTypeTotals(int index) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 4; i++) {
            LittleEndian.put(bytes, 4 * i, 4, typeTotals[index][i]);
        }
        kernel.write(typeObjects[index] + NtTypes.offsetOf("_OBJECT_TYPE", "TotalNumberOfObjects"), bytes);
    }

    /**
     * ObLogSecurityDescriptor: a self-relative descriptor in the object manager's cache, shared by
     * every object that has the same one; the header points at it with its low bits as a fast
     * reference count (_EX_FAST_REF), as {@code dt _OBJECT_HEADER} shows (…bbaf).
     */
    public void ObAssignSecurity(long body, byte[] descriptor) {
        String key = LittleEndian.getLong(descriptor, 0) + ":" + java.util.Arrays.hashCode(descriptor) + ":"
                + descriptor.length;
        long cached = securityDescriptors.computeIfAbsent(key, k -> {
            // _SECURITY_DESCRIPTOR_HEADER (not in the public type data): Link, RefCount, FullHash, then the descriptor.
            long entry = paged.allocate("ObSc", 0x20 + descriptor.length);
            byte[] bytes = new byte[0x20 + descriptor.length];
            LittleEndian.putLong(bytes, 0, entry);
            LittleEndian.putLong(bytes, 8, entry);
            LittleEndian.put(bytes, 0x10, 4, 1);
            LittleEndian.put(bytes, 0x14, 4, java.util.Arrays.hashCode(descriptor) & 0xffffffffL);
            System.arraycopy(descriptor, 0, bytes, 0x20, descriptor.length);
            kernel.write(entry, bytes);
            return entry + 0x20;
        });
        kernel.write64(body - OBJECT_HEADER_SIZE + HEADER_SECURITY_DESCRIPTOR, cached | 0xf);
    }

    /** Optional-header bytes for the bits of a mask (nt!ObpInfoMaskToOffset). */
    static int optionalSize(int infoMask) {
        int size = 0;
        for (int bit = 0; bit < 8; bit++) {
            if ((infoMask & (1 << bit)) != 0) {
                size += OPTIONAL_SIZES[bit];
            }
        }
        return size;
    }

    /** The optional headers' span in the block: a padding header rounds it to the header's 16-byte alignment. */
    private static int alignedOptionalSize(int infoMask) {
        int size = optionalSize(infoMask);
        return (infoMask & PADDING_INFO) != 0 ? (size + 15) & -16 : size;
    }

    /** A NUL-terminated UTF-16 copy of a name in pool, for a UNICODE_STRING to point at. */
    long poolString(Pool pool, String tag, String text) {
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.UTF_16LE);
        long buffer = pool.allocate(tag, bytes.length);
        kernel.write(buffer, bytes);
        return buffer;
    }

    Pool pagedPool() {
        return paged;
    }

    Pool nonPagedPool() {
        return nonPaged;
    }
}
