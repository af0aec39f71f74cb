package dev.kdlab.types;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The named types of a kernel, as {@code dt} knows them: structs, unions and enums with their layouts, plus the base
 * types by name. Lookups are case-insensitive, as in WinDbg ({@code dt nt!_eprocess}).
 *
 * <p>{@link #nt()} is the Windows 10 x64 19041-family kernel, with the 22H2 (10.0.19045.2965) layouts. It is read
 * from the resource {@code nt-19041.types}, which {@code LayoutImporter} (test sources) generates from
 * reference/layouts-19041. The format is described at the top of that file and in {@link TypeCatalogReader}.
 *
 * <p>One catalog serves every reader: the emulated kernel writes its structures with the same offsets that
 * {@code dt} prints.
 */
public final class TypeCatalog {

    static final String NT_RESOURCE = "nt-19041.types";

    private final Map<String, Type> byLowerName;
    private final List<Type> all;

    TypeCatalog(Map<String, Type> byLowerName, List<Type> all) {
        this.byLowerName = Map.copyOf(byLowerName);
        this.all = List.copyOf(all);
    }

    /** The 19041/22H2 kernel catalog, loaded on first use. */
    public static TypeCatalog nt() {
        return NtHolder.NT;
    }

    /** Initialization-on-demand holder: class initialization makes the first load lazy, once and thread-safe. */
    private static final class NtHolder {
        static final TypeCatalog NT = load(NT_RESOURCE);
    }

    /** Reads a catalog resource of this package. */
    static TypeCatalog load(String resource) {
        try (InputStream in = TypeCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("type catalog resource missing: " + resource);
            }
            return TypeCatalogReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read type catalog " + resource, e);
        }
    }

    /** The named type or base type with this name, ignoring case ({@code "_eprocess"}, {@code "uint4b"}). */
    public Optional<Type> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = name.strip().toLowerCase(Locale.ROOT);
        Type t = byLowerName.get(key);
        if (t != null) {
            return Optional.of(t);
        }
        BaseType base = BaseType.named(key).orElse(null);
        return Optional.ofNullable(base);
    }

    /**
     * Like {@link #find} but fails loudly.
     *
     * @throws UnknownTypeException with the name as message
     */
    public Type get(String name) {
        Type t = find(name).orElse(null);
        if (t == null) {
            throw new UnknownTypeException(name);
        }
        return t;
    }

    /**
     * The struct or union with this name.
     *
     * @throws UnknownTypeException if there is none, or the name is an enum or base type
     */
    public StructType struct(String name) {
        if (get(name) instanceof StructType s) {
            return s;
        }
        throw new UnknownTypeException(name);
    }

    /**
     * Every named type (structs, unions, enums, and the opaque structs known only by name behind a pointer), in
     * name order (case-insensitive). Base types are not included.
     */
    public Collection<Type> all() {
        return all;
    }
}
