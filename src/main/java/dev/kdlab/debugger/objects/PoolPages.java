package dev.kdlab.debugger.objects;

import dev.kdlab.debugger.Session;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pool as {@code !pool} reads it: the blocks of a page, each behind its {@code _POOL_HEADER}
 * (BlockSize and PreviousSize in 16-byte units, PoolType, PoolTag), walked from the page's start
 * while sizes chain up; and big allocations, which have no header, found in nt!PoolBigPageTable.
 * Tag descriptions come from a pooltag.txt of the tags this machine's pool holds.
 */
public final class PoolPages {
    private static final int PAGE = 0x1000;
    private static final int HEADER = 0x10;
    private static final int BIG_ENTRY = 0x18;
    private static final Map<String, String[]> TAGS = readTags();

    private PoolPages() {
    }

    /** A small block: where its header is, its size and the previous block's (bytes), type and tag. */
    public record Block(long address, int size, int previousSize, int poolType, String tag) {
        public boolean free() {
            return poolType == 0;
        }

        public boolean contains(long at) {
            return Long.compareUnsigned(at, address) >= 0 && Long.compareUnsigned(at, address + size) < 0;
        }
    }

    /** A big allocation as the big-page table records it. */
    public record BigAllocation(long address, String tag, int poolType, long size) {
    }

    /**
     * The blocks of the page that holds {@code address}, from its start; the walk stops at a header
     * whose sizes do not chain (an unused tail, or not pool at all). Empty when the page's first
     * header is not a block's.
     */
    public static List<Block> page(VirtualMemory kernel, long address) {
        List<Block> blocks = new ArrayList<>();
        long page = address & -PAGE;
        byte[] bytes;
        try {
            bytes = kernel.read(page, PAGE);
        } catch (MemoryAccessException e) {
            return blocks;
        }
        int previous = 0;
        for (int at = 0; at + HEADER <= PAGE; ) {
            int previousUnits = bytes[at] & 0xff;
            int units = bytes[at + 2] & 0xff;
            if (units == 0 || previousUnits != previous || at + units * 16 > PAGE) {
                break;
            }
            blocks.add(new Block(page + at, units * 16, previousUnits * 16, bytes[at + 3] & 0xff,
                    tag(LittleEndian.get(bytes, at + 4, 4))));
            previous = units;
            at += units * 16;
        }
        return blocks;
    }

    /** The big allocation that holds an address, from nt!PoolBigPageTable. */
    public static Optional<BigAllocation> big(Session session, long address) {
        VirtualMemory kernel = session.kernel();
        try {
            long table = kernel.readLong(session.symbolOrZero("PoolBigPageTable"));
            long entries = kernel.readLong(session.symbolOrZero("PoolBigPageTableSize"));
            byte[] bytes = kernel.read(table, (int) Math.min(entries, 0x100000) * BIG_ENTRY);
            for (int i = 0; i < bytes.length; i += BIG_ENTRY) {
                long va = LittleEndian.getLong(bytes, i);
                long size = LittleEndian.getLong(bytes, i + 0x10);
                if ((va & 1) == 0 && va != 0 && Long.compareUnsigned(address, va) >= 0
                        && Long.compareUnsigned(address, va + size) < 0) {
                    return Optional.of(new BigAllocation(va, tag(LittleEndian.get(bytes, i + 8, 4)),
                            (int) (LittleEndian.get(bytes, i + 0xc, 4) >>> 8 & 0xfff), size));
                }
            }
        } catch (MemoryAccessException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** "Nonpaged pool" or "Paged pool", as the pool type of a block says. */
    public static String region(int poolType) {
        return (poolType & 1) != 0 ? "Paged pool" : "Nonpaged pool";
    }

    /** pooltag.txt's line for a tag: {binary, description}, or empty for a tag it does not know. */
    public static Optional<String[]> describe(String tag) {
        return Optional.ofNullable(TAGS.get(tag));
    }

    private static String tag(long value) {
        char[] chars = new char[4];
        for (int i = 0; i < 4; i++) {
            int c = (int) (value >>> (8 * i) & 0x7f);
            chars[i] = c >= 0x20 && c < 0x7f ? (char) c : ' ';
        }
        return new String(chars);
    }

    private static Map<String, String[]> readTags() {
        Map<String, String[]> tags = new HashMap<>();
        try (InputStream in = PoolPages.class.getResourceAsStream("pooltag.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing resource pooltag.txt");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(" - ", 3);
                tags.put(String.format("%-4s", parts[0]).substring(0, 4), new String[] {parts[1], parts[2]});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tags;
    }
}
