package dev.kdlab.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Spot checks with real 22H2 values (reference/layouts-19041) and the API's contract. */
class TypeCatalogTest {

    private final TypeCatalog nt = TypeCatalog.nt();

    @Test
    void eprocessKeyOffsets() {
        StructType eprocess = nt.struct("_EPROCESS");
        assertThat(eprocess.size()).isEqualTo(0xa40);
        assertThat(eprocess.offsetOf("UniqueProcessId")).isEqualTo(0x440);
        assertThat(eprocess.offsetOf("ActiveProcessLinks")).isEqualTo(0x448);
        assertThat(eprocess.offsetOf("Token")).isEqualTo(0x4b8);
        assertThat(eprocess.offsetOf("Peb")).isEqualTo(0x550);
        assertThat(eprocess.offsetOf("ImageFileName")).isEqualTo(0x5a8);
        assertThat(eprocess.offsetOf("ThreadListHead")).isEqualTo(0x5e0);
        assertThat(eprocess.offsetOf("Pcb.DirectoryTableBase")).isEqualTo(0x28);
        assertThat(eprocess.offsetOf("ActiveProcessLinks.Blink")).isEqualTo(0x450);

        Field imageFileName = eprocess.field("ImageFileName").orElseThrow();
        assertThat(imageFileName.type()).isEqualTo(new ArrayType(BaseType.UCHAR, 15));
        assertThat(imageFileName.type().typeText()).isEqualTo("[15] UChar");
        assertThat(imageFileName.type().size()).isEqualTo(15);
        assertThat(eprocess.field("UniqueProcessId").orElseThrow().type().typeText()).isEqualTo("Ptr64 Void");
    }

    /** _DEVICE_NODE comes from layouts-extra (19041 x64 PDB via ntdiff), not the shared reference. */
    @Test
    void deviceNodeOffsetsFromTheExtraLayouts() {
        StructType node = nt.struct("_DEVICE_NODE");
        assertThat(node.size()).isEqualTo(0x310);
        assertThat(node.offsetOf("Child")).isEqualTo(0x8);
        assertThat(node.offsetOf("PhysicalDeviceObject")).isEqualTo(0x20);
        assertThat(node.offsetOf("InstancePath")).isEqualTo(0x28);
        assertThat(node.offsetOf("ServiceName")).isEqualTo(0x38);
        assertThat(node.offsetOf("Level")).isEqualTo(0x98);
        assertThat(node.offsetOf("State")).isEqualTo(0x12c);
        assertThat(node.offsetOf("StateHistory")).isEqualTo(0x134);
        assertThat(node.offsetOf("Flags")).isEqualTo(0x18c);
        assertThat(node.offsetOf("Problem")).isEqualTo(0x194);
        assertThat(node.offsetOf("DockInfo.SerialNumber")).isEqualTo(0x250);
        assertThat(node.field("State").orElseThrow().type()).isSameAs(nt.get("_PNP_DEVNODE_STATE"));
        assertThat(nt.get("_PO_DEVICE_NOTIFY").size()).isEqualTo(0x68);
        assertThat(((EnumType) nt.get("_PNP_DEVNODE_STATE")).constants())
                .contains(new EnumType.Constant("DeviceNodeStarted", 0x308),
                        new EnumType.Constant("DeviceNodeEnumerateCompletion", 0x30d));
    }

    @Test
    void kthreadApcStateProcessIsApcStatePlusProcess() {
        StructType kthread = nt.struct("_KTHREAD");
        assertThat(kthread.size()).isEqualTo(0x430);
        FieldPath p = kthread.path("ApcState.Process");
        assertThat(p.offset()).isEqualTo(0x98 + 0x20).isEqualTo(0xb8); // KDDEBUGGER_DATA64.OffsetKThreadApcProcess
        assertThat(p.chain()).extracting(Field::name).containsExactly("ApcState", "Process");
        assertThat(p.field().type()).isInstanceOf(PointerType.class);
        assertThat(((PointerType) p.field().type()).target()).isSameAs(nt.get("_KPROCESS"));
        assertThat(kthread.offsetOf("Process")).isEqualTo(0x220);
    }

    @Test
    void pebTebAndOtherSizes() {
        assertThat(nt.get("_PEB").size()).isEqualTo(0x7c8);
        assertThat(nt.get("_TEB").size()).isEqualTo(0x1838);
        assertThat(nt.get("_ETHREAD").size()).isEqualTo(0x898);
        assertThat(nt.get("_KPRCB").size()).isEqualTo(0xaf00);
        assertThat(nt.get("_KDDEBUGGER_DATA64").size()).isEqualTo(0x3a0);
    }

    @Test
    void bitfieldKeepsOffsetPositionAndWidth() {
        StructType eprocess = nt.struct("_EPROCESS");
        Field f = eprocess.field("DefaultPagePriority").orElseThrow();
        assertThat(f.offset()).isEqualTo(0x460);
        assertThat(f.isBitfield()).isTrue();
        assertThat(f.bitPosition()).isEqualTo(12);
        assertThat(f.bitLength()).isEqualTo(3);
        assertThat(f.bitMask()).isEqualTo(7);
        assertThat(f.type()).isEqualTo(BaseType.UINT4B); // storage: the Flags2 : Uint4B at the same offset
        assertThat(TypeLayoutPrinter.memberLine(f, 0)).isEqualTo("   +0x460 DefaultPagePriority : Pos 12, 3 Bits");
        assertThat(TypeLayoutPrinter.memberLine(eprocess.field("JobNotReallyActive").orElseThrow(), 0))
                .isEqualTo("   +0x460 JobNotReallyActive : Pos 0, 1 Bit");
    }

    @Test
    void pathsSearchInsideAnonymousMembers() {
        StructType eprocess = nt.struct("_EPROCESS");
        FieldPath cfg = eprocess.path("ControlFlowGuardEnabled");
        assertThat(cfg.offset()).isEqualTo(0x9d0);
        assertThat(cfg.chain()).extracting(Field::name).containsExactly("MitigationFlagsValues", "ControlFlowGuardEnabled");
        assertThat(cfg.field().bitPosition()).isZero();
        assertThat(cfg.field().bitLength()).isEqualTo(1);
        assertThat(eprocess.field("ControlFlowGuardEnabled")).as("field() looks at direct members only").isEmpty();

        StructType mitigation = (StructType) eprocess.field("MitigationFlagsValues").orElseThrow().type();
        assertThat(mitigation.isAnonymous()).isTrue();
        assertThat(mitigation.name()).isEqualTo("<unnamed-tag>");
        assertThat(mitigation.typeText()).isEqualTo("<unnamed-tag>");
        assertThat(mitigation.size()).isEqualTo(4);

        // _MMPFN.u4.PteFrame, nested through the anonymous member; also by its dotted name
        StructType pfn = nt.struct("_MMPFN");
        assertThat(pfn.offsetOf("PteFrame")).isEqualTo(0x28);
        assertThat(pfn.offsetOf("u4.PteFrame")).isEqualTo(0x28);
        assertThat(pfn.path("u3.e1").offset()).isEqualTo(0x22);
        assertThat(pfn.path("u4.PrototypePte").field().bitPosition()).isEqualTo(63);
        assertThat(((StructType) pfn.field("u4").orElseThrow().type()).isUnion()).isTrue();
    }

    @Test
    void unknownFieldPathsFailWithThePath() {
        StructType eprocess = nt.struct("_EPROCESS");
        assertThatThrownBy(() -> eprocess.path("Pcb.NoSuchField"))
                .isInstanceOf(UnknownFieldException.class)
                .hasMessage("Pcb.NoSuchField")
                .satisfies(e -> assertThat(((UnknownFieldException) e).typeName()).isEqualTo("_EPROCESS"));
        assertThatThrownBy(() -> eprocess.offsetOf("Peb.Ldr"))
                .as("pointers are not followed").isInstanceOf(UnknownFieldException.class);
        assertThatThrownBy(() -> eprocess.offsetOf("")).isInstanceOf(UnknownFieldException.class);
        assertThatThrownBy(() -> eprocess.offsetOf("Pcb.")).isInstanceOf(UnknownFieldException.class);
    }

    @Test
    void lookupsIgnoreCaseAndFailLoudly() {
        assertThat(nt.find("_eprocess")).containsSame(nt.get("_EPROCESS"));
        assertThat(nt.find("Uint4B")).contains(BaseType.UINT4B);
        assertThat(nt.find("uint4b")).contains(BaseType.UINT4B);
        assertThat(nt.find("_FOO")).isEmpty();
        assertThatThrownBy(() -> nt.get("_FOO"))
                .isInstanceOf(UnknownTypeException.class)
                .hasMessage("_FOO")
                .satisfies(e -> assertThat(((UnknownTypeException) e).typeName()).isEqualTo("_FOO"));
        assertThatThrownBy(() -> nt.struct("_KTHREAD_STATE")).isInstanceOf(UnknownTypeException.class).hasMessage("_KTHREAD_STATE");
        assertThatThrownBy(() -> nt.struct("Uint4B")).isInstanceOf(UnknownTypeException.class);
        assertThat(nt.struct("_large_integer").isUnion()).isTrue();
    }

    @Test
    void namedTypesAreSharedInstances() {
        StructType listEntry = nt.struct("_LIST_ENTRY");
        PointerType flink = (PointerType) listEntry.field("Flink").orElseThrow().type();
        assertThat(flink.target()).isSameAs(listEntry);
        assertThat(nt.struct("_EPROCESS").field("Pcb").orElseThrow().type()).isSameAs(nt.get("_KPROCESS"));
        PointerType peb = (PointerType) nt.struct("_EPROCESS").field("Peb").orElseThrow().type();
        assertThat(peb.target()).isSameAs(nt.get("_PEB"));
        assertThat(peb.typeText()).isEqualTo("Ptr64 _PEB");
        assertThat(peb.size()).isEqualTo(8);
    }

    @Test
    void declaredOnlyTypesAreOpaque() {
        for (String name : List.of("_EPROCESS_QUOTA_BLOCK", "_PAGEFAULT_HISTORY", "_EPARTITION", "_ACTIVATION_CONTEXT")) {
            StructType t = nt.struct(name);
            assertThat(t.isOpaque()).as(name).isTrue();
            assertThat(t.size()).isZero();
            assertThat(t.fields()).isEmpty();
            assertThat(TypeLayoutPrinter.members(t)).isEmpty();
        }
        PointerType quota = (PointerType) nt.struct("_EPROCESS").field("QuotaBlock").orElseThrow().type();
        assertThat(quota.target()).isSameAs(nt.get("_EPROCESS_QUOTA_BLOCK"));
        long opaque = nt.all().stream().filter(t -> t instanceof StructType s && s.isOpaque()).count();
        System.out.println("[types] opaque (declared-only) structs: " + opaque);
    }

    @Test
    void functionPointersArraysAndWideOffsets() {
        Field acquire = nt.struct("_CACHE_MANAGER_CALLBACKS").field("AcquireForLazyWrite").orElseThrow();
        assertThat(acquire.type()).isEqualTo(new PointerType(new FunctionType("unsigned char")));
        assertThat(acquire.type().typeText()).isEqualTo("Ptr64     unsigned char ");
        assertThat(acquire.type().size()).isEqualTo(8);

        Field cycles = nt.struct("_KPRCB").field("Cycles").orElseThrow();
        assertThat(cycles.type().typeText()).isEqualTo("[4] [2] Uint8B");
        assertThat(cycles.type().size()).isEqualTo(64);
        assertThat(TypeLayoutPrinter.memberLine(cycles, 0)).isEqualTo("   +0x7f40 Cycles           : [4] [2] Uint8B");
    }

    @Test
    void enums() {
        EnumType state = (EnumType) nt.get("_KTHREAD_STATE");
        assertThat(state.size()).isEqualTo(4);
        assertThat(state.nameOf(5)).contains("Waiting");
        assertThat(state.nameOf(99)).isEmpty();
        assertThat(TypeLayoutPrinter.members(state).get(5)).isEqualTo("   Waiting                                  = 0n5 (0x5)");
        EnumType iface = (EnumType) nt.get("_INTERFACE_TYPE");
        assertThat(iface.nameOf(-1)).contains("InterfaceTypeUndefined");
        assertThat(iface.nameOf(0xffffffffL)).contains("InterfaceTypeUndefined");
        assertThat(nt.struct("_KTHREAD").field("State").orElseThrow().type()).isInstanceOf(BaseType.class); // UChar in the PDB
    }

    @Test
    void allIsInNameOrderAndHoldsEveryNamedType() {
        List<String> names = nt.all().stream().map(Type::name).toList();
        assertThat(names).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
        assertThat(names).contains("_EPROCESS", "_KTHREAD_STATE", "_LARGE_INTEGER", "_EPROCESS_QUOTA_BLOCK");
        assertThat(names).doesNotContain("Uint4B", "<unnamed-tag>");
        assertThat(nt.all()).allSatisfy(t -> assertThat(t).isInstanceOfAny(StructType.class, EnumType.class));
    }

    @Test
    void loadsQuickly() {
        long start = System.nanoTime();
        TypeCatalog fresh = TypeCatalog.load(TypeCatalog.NT_RESOURCE);
        long micros = (System.nanoTime() - start) / 1000;
        System.out.printf("[types] catalog load (warm JVM, fresh parse): %d.%03d ms, %d named types%n",
                micros / 1000, micros % 1000, fresh.all().size());
        assertThat(fresh.all()).hasSameSizeAs(nt.all());
        assertThat(fresh.struct("_EPROCESS")).isNotSameAs(nt.struct("_EPROCESS"));
        assertThat(TypeLayoutPrinter.members(fresh.struct("_EPROCESS")))
                .containsExactlyElementsOf(TypeLayoutPrinter.members(nt.struct("_EPROCESS")));
    }
}
