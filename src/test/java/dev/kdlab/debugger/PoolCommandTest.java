package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pool (issue 11): objects sit in pool blocks whose headers carry real tags and sizes, a page's
 * headers chain from its start (PreviousSize is the block before's BlockSize), and {@code !pool}
 * walks them as kdexts does; big allocations are named from nt!PoolBigPageTable.
 */
class PoolCommandTest {
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    /** The pool block that holds an address, found by walking its page's headers with dd by hand. */
    private static long[] blockHolding(long address) {
        long page = address & ~0xfffL;
        long previous = 0;
        for (long at = page; at < page + 0x1000; ) {
            long first = lkd.eval(String.format("dwo(%x)", at));
            long units = first >>> 16 & 0xff;
            assertThat(first & 0xff).as("PreviousSize at %x", at).isEqualTo(previous);
            assertThat(units).as("BlockSize at %x", at).isPositive();
            if (address >= at && address < at + 16 * units) {
                return new long[] {at, 16 * units, lkd.eval(String.format("dwo(%x+4)", at)), first >>> 24 & 0xff};
            }
            previous = units;
            at += 16 * units;
        }
        throw new AssertionError("no block holds " + Long.toHexString(address));
    }

    private static String tag(long value) {
        return new String(new char[] {(char) (value & 0xff), (char) (value >>> 8 & 0xff), (char) (value >>> 16 & 0xff),
                (char) (value >>> 24 & 0xff)});
    }

    @Test
    void objectsSitInPoolBlocksTaggedByTheirType() {
        long process = lkd.processAddress("explorer.exe");
        long token = lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_EPROCESS, Token)) & 0xfffffffffffffff0", process));
        long thread = lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_EPROCESS, ThreadListHead)) - #FIELD_OFFSET(_ETHREAD, ThreadListEntry)",
                process));
        long file = lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_EPROCESS, ImageFilePointer))", process));
        for (Map.Entry<Long, String> object : Map.of(process, "Proc", token, "Toke", thread, "Thre", file, "File").entrySet()) {
            long[] block = blockHolding(object.getKey());
            assertThat(tag(block[2])).as("tag of %x", object.getKey()).isEqualTo(object.getValue());
            assertThat(block[0] + block[1]).isGreaterThan(object.getKey());
        }
        assertThat(blockHolding(process)[3]).as("PoolType of a nonpaged block").isEqualTo(2);
        assertThat(blockHolding(token)[3]).as("PoolType of a paged block").isEqualTo(3);
    }

    @Test
    void poolWalksTheProcesssPageAndMarksItsBlock() {
        long process = lkd.processAddress("explorer.exe");
        List<String> lines = lkd.run(String.format("!pool %x", process));
        assertThat(lines.get(0)).isEqualTo(String.format("Pool page %016x region is Nonpaged pool", process));
        long[] block = blockHolding(process);
        assertThat(lines).contains(String.format("*%016x size: %4x previous size: %4x  (Allocated) *Proc", block[0], block[1],
                lkd.eval(String.format("by(%x)", block[0])) * 16));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("\t\tPooltag Proc : Process objects, Binary : nt!ps");
        assertThat(lines.stream().filter(l -> l.startsWith("*")).count()).isEqualTo(1);
        assertThat(lkd.run(String.format("!pool %x 2", process))).hasSize(3);
    }

    @Test
    void aHandleTablePageIsABigAllocation() {
        long table = lkd.eval(String.format("poi(%x+#FIELD_OFFSET(_EPROCESS, ObjectTable))", lkd.processAddress("explorer.exe")));
        long page = lkd.eval(String.format("poi(%x+8) & 0xfffffffffffffffc", table));
        assertThat(lkd.run(String.format("!pool %x", page + 0x10))).containsExactly(
                String.format("Pool page %016x region is Paged pool", page + 0x10),
                String.format("*%016x : large page allocation, tag is Obtb, size is 0x1000 bytes", page),
                "\t\tPooltag Obtb : object tables via EX handle.c, Binary : nt!ob");
        assertThat(lkd.text("!pool nt!KeBugCheckEx")).contains("region is Unknown");
        assertThat(lkd.lastSucceeded()).isFalse();
    }
}
