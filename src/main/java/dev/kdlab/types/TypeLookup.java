package dev.kdlab.types;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Type names as WinDbg resolves them in dt, {@code sizeof} and {@code #FIELD_OFFSET}: {@code nt!_EPROCESS},
 * {@code ntkrnlmp!_EPROCESS} (the kernel's PDB name), {@code ntdll!_PEB}, or a bare {@code _EPROCESS}, which is
 * looked up in the loaded modules, the kernel first (transcript 2.1: {@code dt_eprocess} prints {@code nt!_EPROCESS}).
 *
 * <p>ntdll's public symbols carry the layouts of the structures user and kernel mode share, with the kernel's
 * offsets: a user-mode session shows {@code ntdll!_EPROCESS} and {@code ntdll!_EX_FAST_REF} (transcripts 2.1 and
 * 2.6), and {@code ntdll!_PEB}, {@code ntdll!_TEB} and {@code ntdll!_LDR_DATA_TABLE_ENTRY} are what user-mode
 * debugging uses. So an {@code ntdll!} name resolves against the same catalog. Any other module has no types here.
 *
 * <p>The Windows names of the integer types ({@code ULONG}, {@code UCHAR}, {@code ULONG64}, the docs' {@code dt -ca10
 * ULONG}) and {@code PVOID} name dt's base types; so do dt's own spellings ({@code Uint4B}).
 */
public final class TypeLookup {
    public static final String NT = "nt";
    public static final String NTDLL = "ntdll";

    /** Module names as typed (the debugger's name, the PDB's, the image's), and the module they mean. */
    private static final Map<String, String> MODULES = Map.of(
            "nt", NT, "ntkrnlmp", NT, "ntoskrnl", NT, "ntdll", NTDLL);

    /** The winnt.h names of dt's base types, in lower case (symbol names match without regard to case). */
    private static final Map<String, Type> WINDOWS_TYPES = Map.ofEntries(
            Map.entry("uchar", BaseType.UCHAR), Map.entry("boolean", BaseType.UCHAR), Map.entry("byte", BaseType.UCHAR),
            Map.entry("char", BaseType.CHAR), Map.entry("ushort", BaseType.UINT2B), Map.entry("word", BaseType.UINT2B),
            Map.entry("short", BaseType.INT2B), Map.entry("wchar", BaseType.WCHAR), Map.entry("ulong", BaseType.UINT4B),
            Map.entry("dword", BaseType.UINT4B), Map.entry("uint", BaseType.UINT4B), Map.entry("long", BaseType.INT4B),
            Map.entry("int", BaseType.INT4B), Map.entry("ntstatus", BaseType.INT4B),
            Map.entry("ulong64", BaseType.UINT8B), Map.entry("ulonglong", BaseType.UINT8B),
            Map.entry("dword64", BaseType.UINT8B), Map.entry("ulong_ptr", BaseType.UINT8B),
            Map.entry("size_t", BaseType.UINT8B), Map.entry("long64", BaseType.INT8B),
            Map.entry("longlong", BaseType.INT8B), Map.entry("long_ptr", BaseType.INT8B),
            Map.entry("pvoid", new PointerType(BaseType.VOID)));

    /** A type found in a module; {@code qualified} when the module was written ({@code nt!_EPROCESS}). */
    public record Found(String module, Type type, boolean qualified) {
        /**
         * The line dt prints above the members of a type written without its module, {@code nt!_EPROCESS}; none
         * (null) when the module was written, and none for a base type, which belongs to no module.
         */
        public String header() {
            return qualified || type instanceof BaseType || type instanceof PointerType ? null : module + "!" + type.name();
        }

        /** How a type enumeration names it: the PDB's name, {@code ntkrnlmp!_EPROCESS} (dt nt!_OBJECT_HEADER_* transcripts). */
        public String symbolName() {
            return pdbName(module) + "!" + type.name();
        }
    }

    private final TypeCatalog catalog;

    public TypeLookup(TypeCatalog catalog) {
        this.catalog = catalog;
    }

    /** The symbol file name of a module: {@code ntkrnlmp} for the multiprocessor kernel {@code nt}. */
    public static String pdbName(String module) {
        return module.equals(NT) ? "ntkrnlmp" : module;
    }

    /** {@code nt!_EPROCESS}, {@code ntdll!_peb}, {@code _EPROCESS}; empty for an unknown module or type. */
    public Optional<Found> find(String written) {
        Name name = Name.of(written);
        if (name.module() == null || name.type().isEmpty()) {
            return Optional.empty();
        }
        Type windowsType = WINDOWS_TYPES.get(name.type().toLowerCase(Locale.ROOT));
        if (windowsType != null) {
            return Optional.of(new Found(name.module(), windowsType, name.qualified()));
        }
        return catalog.find(name.type()).map(t -> new Found(name.module(), t, name.qualified()));
    }

    /** The size of a named type, for {@code sizeof}; empty when unknown. */
    public OptionalLong sizeOf(String written) {
        Optional<Found> found = find(written);
        return found.isEmpty() ? OptionalLong.empty() : OptionalLong.of(found.get().type().size());
    }

    /** The offset of a dotted member path, for {@code #FIELD_OFFSET}; empty when the type or member is unknown. */
    public OptionalLong offsetOf(String writtenType, String fieldPath) {
        Optional<Found> found = find(writtenType);
        if (found.isEmpty() || !(found.get().type() instanceof StructType s)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(s.offsetOf(fieldPath));
        } catch (UnknownFieldException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The named types whose names match a pattern ({@code nt!*PROCESS*}), in name order; structs known only by
     * name behind a pointer have no symbol of their own and are left out. {@code size} (dt -s), when present,
     * keeps only the types of that many bytes.
     */
    public List<Found> search(String writtenPattern, OptionalLong size) {
        Name name = Name.of(writtenPattern);
        List<Found> found = new ArrayList<>();
        if (name.module() == null) {
            return found;
        }
        WildcardPattern pattern = WildcardPattern.of(name.type());
        for (Type t : catalog.all()) {
            if (t instanceof StructType s && s.isOpaque()) {
                continue;
            }
            if ((size.isEmpty() || t.size() == size.getAsLong()) && pattern.matches(t.name())) {
                found.add(new Found(name.module(), t, name.qualified()));
            }
        }
        return found;
    }

    /** A written name split at '!': the module it means (null when unknown) and the type part. */
    private record Name(String module, String type, boolean qualified) {
        static Name of(String written) {
            String text = written.strip();
            int bang = text.indexOf('!');
            if (bang < 0) {
                return new Name(NT, text, false);
            }
            String module = MODULES.get(text.substring(0, bang).toLowerCase(Locale.ROOT));
            return new Name(module, text.substring(bang + 1), true);
        }
    }
}
