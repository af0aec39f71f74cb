package dev.kdlab.debugger.dt;

import dev.kdlab.debugger.symbols.ModuleList;
import dev.kdlab.debugger.views.LoaderEntry;
import dev.kdlab.target.ImageSymbols;
import dev.kdlab.target.SymbolStore;
import dev.kdlab.types.ArrayType;
import dev.kdlab.types.BaseType;
import dev.kdlab.types.EnumType;
import dev.kdlab.types.Field;
import dev.kdlab.types.FunctionType;
import dev.kdlab.types.PointerType;
import dev.kdlab.types.TypeCatalog;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The value spellings of transcripts section 2.2/2.7 and rule 9.6, on bytes placed in a small fake memory. */
class ValueFormatterTest {
    private static final long AT = 0xffffcd06_85106000L;
    private final FakeMemory memory = new FakeMemory().map(AT, 0x1000);
    private final TrackedMemory tracked = new TrackedMemory(memory);
    private final ValueFormatter values = new ValueFormatter(tracked, ModuleList.kernel(List.of(), new SymbolStore()));

    private String value(dev.kdlab.types.Type type, long v) {
        memory.put(AT, (int) Math.max(type.size(), 1), v);
        return values.value(type, AT);
    }

    @Test
    void unsignedIntegersAreBareBelowTenMinimalHexUpTo32BitsAndBacktickedAbove() {
        assertThat(value(BaseType.UINT4B, 0)).isEqualTo("0");
        assertThat(value(BaseType.UINT4B, 7)).isEqualTo("7");
        assertThat(value(BaseType.UINT4B, 0x28)).isEqualTo("0x28");
        assertThat(value(BaseType.UINT4B, 0xac584df1L)).isEqualTo("0xac584df1");
        assertThat(value(BaseType.UINT8B, 0x29e)).isEqualTo("0x29e");
        assertThat(value(BaseType.UINT8B, 0x201_09dc4000L)).isEqualTo("0x00000201`09dc4000");
        assertThat(value(BaseType.UINT2B, 0xffff)).isEqualTo("0xffff");
    }

    @Test
    void signedIntegersAreDecimalWith0n() {
        assertThat(value(BaseType.INT4B, 259)).isEqualTo("0n259");
        assertThat(value(BaseType.INT4B, 0)).isEqualTo("0n0");
        assertThat(value(BaseType.INT4B, -6291456L & 0xffffffffL)).isEqualTo("0n-6291456");
        assertThat(value(BaseType.INT8B, -1981244744615788709L)).isEqualTo("0n-1981244744615788709");
    }

    @Test
    void ucharShowsHexAndTheCharacterCharShowsDecimal() {
        assertThat(value(BaseType.UCHAR, 2)).isEqualTo("0x2 ''");
        assertThat(value(BaseType.UCHAR, 0)).isEqualTo("0 ''");
        assertThat(value(BaseType.UCHAR, 0x4d)).isEqualTo("0x4d 'M'");
        assertThat(value(BaseType.UCHAR, 0xa6)).isEqualTo("0xa6 ''");
        assertThat(value(BaseType.CHAR, 8)).isEqualTo("8 ''");
    }

    @Test
    void pointersShowSixteenDigitsAndThePointeeTypeNullHasATrailingBlank() {
        var quotaBlock = new PointerType(TypeCatalog.nt().get("_EPROCESS_QUOTA_BLOCK"));
        assertThat(value(quotaBlock, 0xffffcd06_80f29d40L)).isEqualTo("0xffffcd06`80f29d40 _EPROCESS_QUOTA_BLOCK");
        assertThat(value(new PointerType(BaseType.VOID), 0x453c)).isEqualTo("0x00000000`0000453c Void");
        assertThat(value(new PointerType(BaseType.VOID), 0)).isEqualTo("(null) ");
    }

    @Test
    void aPointerToAnIntegerShowsThePointee() {
        memory.put(AT + 0x100, 4, 0x501);
        assertThat(value(new PointerType(BaseType.UINT4B), AT + 0x100))
                .isEqualTo("0xffffcd06`85106100  -> 0x501");
    }

    @Test
    void aPointerToAListEntryShowsThePointeePair() {
        memory.put(AT + 0x100, 8, 0xffffc509_c54f64c8L).put(AT + 0x108, 8, 0xfffff807_25e37f90L);
        assertThat(value(new PointerType(TypeCatalog.nt().get("_LIST_ENTRY")), AT + 0x100))
                .isEqualTo("0xffffcd06`85106100 _LIST_ENTRY [ 0xffffc509`c54f64c8 - 0xfffff807`25e37f90 ]");
    }

    @Test
    void aWideStringPointerShowsTheText() {
        memory.put(AT + 0x200, "notepad.exe\0".getBytes(StandardCharsets.UTF_16LE));
        assertThat(value(new PointerType(BaseType.WCHAR), AT + 0x200))
                .isEqualTo("0xffffcd06`85106200  \"notepad.exe\"");
    }

    @Test
    void aFunctionPointerShowsTheReturnTypeAndTheSymbol() {
        LoaderEntry kernel = new LoaderEntry(0, 0xfffff800_6d000000L, 0x1000000, 0,
                "\\SystemRoot\\system32\\ntoskrnl.exe", "ntoskrnl.exe");
        ModuleList symbols = ModuleList.kernel(List.of(kernel), new SymbolStore()
                .add("ntoskrnl.exe", new ImageSymbols("ntkrnlmp.exe", Map.of("PspProcessClose", 0x46e6e0L))));
        ValueFormatter withSymbols = new ValueFormatter(tracked, symbols);
        memory.put(AT, 8, 0xfffff800_6d46e6e0L);
        assertThat(withSymbols.value(new PointerType(new FunctionType("void")), AT))
                .isEqualTo("0xfffff800`6d46e6e0     void  nt!PspProcessClose+0");
        memory.put(AT, 8, 0xffff8488_aa5624e0L);
        assertThat(withSymbols.value(new PointerType(new FunctionType("long")), AT))
                .isEqualTo("0xffff8488`aa5624e0     long  +ffff8488aa5624e0");
    }

    @Test
    void characterArraysPrintAsTextOtherArraysTheirFirstElement() {
        memory.put(AT, "notepad.exe\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(values.value(new ArrayType(BaseType.UCHAR, 15), AT)).isEqualTo("[15]  \"notepad.exe\"");
        memory.put(AT, 8, 0x3260).put(AT + 8, 8, 0x3618);
        assertThat(values.value(new ArrayType(BaseType.UINT8B, 2), AT)).isEqualTo("[2] 0x3260");
    }

    @Test
    void enumsShowTheValueInHexWithoutPrefixAndTheConstant() {
        EnumType tokenType = new EnumType("_TOKEN_TYPE", 4,
                List.of(new EnumType.Constant("TokenPrimary", 1), new EnumType.Constant("TokenImpersonation", 2)));
        assertThat(value(tokenType, 1)).isEqualTo("1 ( TokenPrimary )");
        EnumType poolType = (EnumType) TypeCatalog.nt().get("_POOL_TYPE");
        assertThat(value(poolType, 0x200)).isEqualTo("200 ( NonPagedPoolNx )");
    }

    @Test
    void bitfieldsShowTheBinaryOfTheirWidthAndFromFiveBitsTheValue() {
        memory.put(AT, 4, 0xd000);
        assertThat(values.member(new Field("DefaultPagePriority", 0x460, BaseType.UINT4B, 12, 3), AT))
                .isEqualTo("0y101");
        assertThat(values.member(new Field("ProcessExecutionState", 0x460, BaseType.UINT4B, 22, 2), AT))
                .isEqualTo("0y00");
        memory.put(AT, 1, 0b1100);
        assertThat(values.member(new Field("RefCnt", 0, BaseType.UCHAR, 0, 4), AT)).isEqualTo("0y1100");
        memory.put(AT, 4, 0x2e80000);
        assertThat(values.member(new Field("BlockSize", 2, BaseType.UINT2B, 0, 8), AT + 2))
                .isEqualTo("0y11101000 (0xe8)");
        assertThat(values.member(new Field("PreviousSize", 0, BaseType.UINT2B, 0, 8), AT))
                .isEqualTo("0y00000000 (0)");
        memory.put(AT, 8, 0xa0000000_00000000L | 0x8a899b9887L);
        assertThat(values.member(new Field("LastAppStateUptime", 0x920, BaseType.UINT8B, 0, 61), AT))
                .isEqualTo("0y0000000000000000000001000101010001001100110111001100010000111 (0x8a899b9887)");
        assertThat(values.member(new Field("LastAppState", 0x920, BaseType.UINT8B, 61, 3), AT)).isEqualTo("0y101");
    }

    @Test
    void listEntriesLargeIntegersAndUnicodeStringsAreSummarised() {
        var catalog = TypeCatalog.nt();
        memory.put(AT, 8, 0xffffcd06_859d14c8L).put(AT + 8, 8, 0xffffcd06_87cce4c8L);
        assertThat(values.value(catalog.get("_LIST_ENTRY"), AT))
                .isEqualTo("_LIST_ENTRY [ 0xffffcd06`859d14c8 - 0xffffcd06`87cce4c8 ]");
        memory.put(AT, 8, 0x01d9a0eb_ed2820ebL);
        assertThat(values.value(catalog.get("_LARGE_INTEGER"), AT)).isEqualTo("_LARGE_INTEGER 0x01d9a0eb`ed2820eb");
        memory.put(AT, 8, 0x1c);
        assertThat(values.value(catalog.get("_LARGE_INTEGER"), AT)).isEqualTo("_LARGE_INTEGER 0x1c");
        memory.put(AT, 8, 0);
        assertThat(values.value(catalog.get("_LARGE_INTEGER"), AT)).isEqualTo("_LARGE_INTEGER 0x0");

        byte[] text = "notepad.exe".getBytes(StandardCharsets.UTF_16LE);
        memory.put(AT + 0x300, text).put(AT, 2, text.length).put(AT + 2, 2, text.length + 2).put(AT + 8, 8, AT + 0x300);
        assertThat(values.value(catalog.get("_UNICODE_STRING"), AT)).isEqualTo("_UNICODE_STRING \"notepad.exe\"");
        memory.put(AT + 8, 8, 0x0000018e_0e8c6ac0L);
        assertThat(values.value(catalog.get("_UNICODE_STRING"), AT))
                .isEqualTo("_UNICODE_STRING \"--- memory read error at address 0x0000018e`0e8c6ac0 ---\"");
        assertThat(tracked.failed()).as("a string buffer is not the member itself").isFalse();
    }

    @Test
    void unreadableMembersShowQuestionMarksAndTheLastFailureIsReported() {
        long unmapped = 0x1000;
        assertThat(values.value(BaseType.UINT4B, unmapped)).isEqualTo("??");
        assertThat(values.value(new PointerType(BaseType.VOID), unmapped + 8)).isEqualTo("???? ");
        assertThat(values.value(TypeCatalog.nt().get("_LIST_ENTRY"), unmapped + 0x10)).isEqualTo("_LIST_ENTRY");
        assertThat(tracked.failed()).isTrue();
        assertThat(tracked.errorLine()).isEqualTo("Memory read error 0000000000001018");
    }
}
