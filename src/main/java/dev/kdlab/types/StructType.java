package dev.kdlab.types;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A struct or union. Named ones are shared: every reference to {@code _LIST_ENTRY} in the catalog is this same
 * instance, so types can refer to each other in cycles ({@code _LIST_ENTRY.Flink : Ptr64 _LIST_ENTRY}).
 *
 * <p>Anonymous members ({@code <unnamed-tag>}) get their own instance each. The layout files do not say whether
 * such a member is a struct or a union, nor its size; the importer infers both (a union when members overlap; the
 * size is the end of the last member). Types known only by name behind a pointer ({@code _EPROCESS_QUOTA_BLOCK},
 * {@code _EPARTITION}) are <em>opaque</em>: size 0, no fields.
 *
 * <p>Instances are filled in once while the catalog loads and are immutable afterwards (apart from the
 * memo of resolved paths, which only saves work).
 */
public final class StructType implements Type {

    static final String ANONYMOUS_NAME = "<unnamed-tag>";

    private final String name;
    private final boolean anonymous;
    private boolean defined;
    private boolean union;
    private long size;
    private List<Field> fields = List.of();
    /** Resolved paths and slots: readers and writers ask for the same few thousand fields over and over. */
    private final Map<String, FieldPath> paths = new ConcurrentHashMap<>();
    private final Map<String, FieldSlot> slots = new ConcurrentHashMap<>();
    private final Map<String, Map<String, FieldSlot>> memberSlots = new ConcurrentHashMap<>();

    private StructType(String name, boolean anonymous) {
        this.name = Objects.requireNonNull(name, "name");
        this.anonymous = anonymous;
    }

    /** A named struct not defined yet: opaque until {@link #define} fills it in. */
    static StructType declared(String name) {
        return new StructType(name, false);
    }

    static StructType anonymous(boolean union, long size, List<Field> fields) {
        StructType t = new StructType(ANONYMOUS_NAME, true);
        t.define(union, size, fields);
        return t;
    }

    /** Fills in a declared struct; a second definition is an error. */
    void define(boolean union, long size, List<Field> fields) {
        if (defined) {
            throw new IllegalStateException(name + " is defined twice");
        }
        this.defined = true;
        this.union = union;
        this.size = size;
        this.fields = List.copyOf(fields);
    }

    boolean isDefined() {
        return defined;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String typeText() {
        return name;
    }

    public boolean isUnion() {
        return union;
    }

    /** True for an {@code <unnamed-tag>} member type. */
    public boolean isAnonymous() {
        return anonymous;
    }

    /** Declared only (seen behind a pointer, no layout): size 0, no fields. */
    public boolean isOpaque() {
        return !defined;
    }

    /** The members in declaration ({@code dt}) order. Members of anonymous members are not flattened in. */
    public List<Field> fields() {
        return fields;
    }

    /** The direct member with this name (case-insensitive), the first if several. Does not look inside anonymous members. */
    public Optional<Field> field(String fieldName) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(fieldName)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves a dotted member path ({@code Pcb.DirectoryTableBase}, {@code ActiveProcessLinks.Flink}) through
     * embedded structs. Each step matches case-insensitively and also finds members inside anonymous members
     * ({@code _EPROCESS ControlFlowGuardEnabled}, inside {@code MitigationFlagsValues}), taking the first match in
     * dt order. Pointers are not followed: an offset path stays inside one block of memory.
     *
     * @throws UnknownFieldException if a step does not resolve
     */
    public FieldPath path(String dottedPath) {
        Objects.requireNonNull(dottedPath, "dottedPath");
        List<Field> chain = new ArrayList<>();
        long offset = 0;
        StructType current = this;
        int start = 0;
        while (true) {
            int dot = dottedPath.indexOf('.', start);
            String segment = (dot < 0 ? dottedPath.substring(start) : dottedPath.substring(start, dot)).strip();
            if (current == null || segment.isEmpty() || !current.collect(segment, chain)) {
                throw new UnknownFieldException(name, dottedPath);
            }
            Field last = chain.get(chain.size() - 1);
            if (dot < 0) {
                for (Field f : chain) {
                    offset += f.offset();
                }
                return new FieldPath(offset, last, chain);
            }
            current = last.type() instanceof StructType s ? s : null;
            start = dot + 1;
        }
    }

    /** The absolute offset of a dotted member path; {@code path(p).offset()}. */
    public long offsetOf(String dottedPath) {
        return resolved(dottedPath).offset();
    }

    /** {@link #path}, resolved once per path and kept. */
    public FieldPath resolved(String dottedPath) {
        FieldPath known = paths.get(dottedPath);
        if (known == null) {
            known = path(dottedPath);
            paths.put(dottedPath, known);
        }
        return known;
    }

    /**
     * The slot of {@code path + "." + member} (a list head's Flink, a string's Buffer), kept per
     * path and member so that the joined path is built only the first time.
     */
    public FieldSlot slot(String path, String member) {
        Map<String, FieldSlot> members = memberSlots.computeIfAbsent(path, p -> new ConcurrentHashMap<>());
        FieldSlot known = members.get(member);
        if (known == null) {
            known = slot(path + "." + member);
            members.put(member, known);
        }
        return known;
    }

    /**
     * Where a dotted path's field sits and how wide it is, resolved once per path.
     *
     * @throws UnknownFieldException if the path does not resolve
     */
    public FieldSlot slot(String dottedPath) {
        FieldSlot known = slots.get(dottedPath);
        if (known == null) {
            known = FieldSlot.of(resolved(dottedPath));
            slots.put(dottedPath, known);
        }
        return known;
    }

    /** Depth-first search in dt order; on success appends the anonymous members walked and the match to {@code chain}. */
    private boolean collect(String fieldName, List<Field> chain) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(fieldName)) {
                chain.add(f);
                return true;
            }
            if (f.type() instanceof StructType s && s.isAnonymous()) {
                chain.add(f);
                if (s.collect(fieldName, chain)) {
                    return true;
                }
                chain.remove(chain.size() - 1);
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name;
    }
}
