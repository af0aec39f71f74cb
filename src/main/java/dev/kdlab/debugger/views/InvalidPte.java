package dev.kdlab.debugger.views;

import dev.kdlab.types.Field;
import dev.kdlab.types.FieldPath;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeCatalog;

import java.util.List;

/**
 * A not-valid paging entry read the way kdexts' !pte reads it, through the {@code _MMPTE} union's
 * views in the catalog (layouts-19041/_MMPTE_SOFTWARE.txt, _MMPTE_TRANSITION.txt,
 * _MMPTE_PROTOTYPE.txt): prototype first, then transition, then a software PTE that is either
 * demand-zero (no page-file offset) or in a page file.
 */
public record InvalidPte(Kind kind, long raw, StructType mmpte) {
    /** What the memory manager will do on a fault through this entry. */
    public enum Kind { EMPTY, DEMAND_ZERO, TRANSITION, PROTOTYPE, PAGE_FILE }

    /** ProtoAddress 0xFFFFFFFF0000: "look the page up in the VAD" (MI_PTE_LOOKUP_NEEDED). */
    private static final long PROTO_VAD = 0xffff_ffff_0000L;
    private static final String[] PROTECTIONS = {"", "Readonly", "Execute", "ExecuteRead", "ReadWrite", "WriteCopy",
        "ExecuteReadWrite", "ExecuteWriteCopy"};
    private static final String[] PROTECTION_MODIFIERS = {"", "NoCache", "Guard", "WriteCombine"};

    /** The entry read through the catalog's {@code _MMPTE}. */
    public static InvalidPte of(TypeCatalog types, long raw) {
        StructType mmpte = types.struct("_MMPTE");
        Kind kind;
        if (raw == 0) {
            kind = Kind.EMPTY;
        } else if (field(mmpte, raw, "u.Proto.Prototype") != 0) {
            kind = Kind.PROTOTYPE;
        } else if (field(mmpte, raw, "u.Trans.Transition") != 0) {
            kind = Kind.TRANSITION;
        } else if (field(mmpte, raw, "u.Soft.PageFileHigh") != 0) {
            kind = Kind.PAGE_FILE;
        } else {
            kind = field(mmpte, raw, "u.Soft.Protection") != 0 ? Kind.DEMAND_ZERO : Kind.EMPTY;
        }
        return new InvalidPte(kind, raw, mmpte);
    }

    public int protection() {
        return (int) field(mmpte, raw, "u.Soft.Protection");
    }

    /** The frame a transition PTE still owns. */
    public long transitionFrame() {
        return field(mmpte, raw, "u.Trans.PageFrameNumber");
    }

    public int pageFile() {
        return (int) field(mmpte, raw, "u.Soft.PageFileLow");
    }

    public long pageFileOffset() {
        return field(mmpte, raw, "u.Soft.PageFileHigh");
    }

    /** Where the prototype PTE is (bits 16-63 hold its address, bit 47 extended). */
    public long prototypeAddress() {
        return field(mmpte, raw, "u.Proto.ProtoAddress") << 16 >> 16;
    }

    public boolean prototypeIsVad() {
        return field(mmpte, raw, "u.Proto.ProtoAddress") == PROTO_VAD;
    }

    /**
     * The lines !pte prints under "not valid" (0vercl0k/kdmp-parser-rs test transcripts: Transition then
     * Protect; mvankuipers' gist: "Proto: VAD" then Protect; Mandiant's virtual-store paper: PageFile,
     * Offset, Protect; the x86 Windows 7 demand-zero transcript: DemandZero then Protect).
     */
    public List<String> pteLines() {
        return switch (kind) {
            case EMPTY -> List.of();
            case DEMAND_ZERO -> List.of("DemandZero", protectLine());
            case TRANSITION -> List.of(String.format("Transition: %x", transitionFrame()), protectLine());
            case PROTOTYPE -> prototypeIsVad() ? List.of("Proto: VAD", protectLine())
                    : protection() == 0 ? List.of(String.format("Proto: %016X", prototypeAddress()))
                    : List.of(String.format("Proto: %016X", prototypeAddress()), protectLine());
            case PAGE_FILE -> List.of(String.format("PageFile: %x", pageFile()),
                    String.format("Offset: %x", pageFileOffset()), protectLine());
        };
    }

    /** {@code Protect: 4 - ReadWrite}: the MM_* code in hex and the name of its access. */
    public String protectLine() {
        int protection = protection();
        String name = (PROTECTIONS[protection & 7] + " " + PROTECTION_MODIFIERS[protection >>> 3]).strip();
        return name.isEmpty() ? String.format("Protect: %x", protection) : String.format("Protect: %x - %s", protection, name);
    }

    private static long field(StructType mmpte, long raw, String path) {
        FieldPath at = mmpte.path(path);
        Field f = at.field();
        return raw >>> (8 * at.offset() + f.bitPosition()) & f.bitMask();
    }
}
