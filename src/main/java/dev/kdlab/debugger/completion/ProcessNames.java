package dev.kdlab.debugger.completion;

import dev.kdlab.debugger.Session;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.types.StructType;

import java.nio.charset.StandardCharsets;

/**
 * A process's Cid and image name for a completion list, read in one piece: the stretch of the
 * EPROCESS from UniqueProcessId to the end of ImageFileName (offsets from the target's layout).
 * Tab over the scale machine's 10,000 processes must answer within 50 ms, and one read per
 * process instead of one per field is what makes it.
 */
final class ProcessNames {
    private static final int IMAGE_NAME_CAPACITY = 15;

    private final Session session;
    private final int cidOffset;
    private final int imageOffset;
    private final byte[] block;

    ProcessNames(Session session) {
        this.session = session;
        StructType eprocess = session.target().types().struct("_EPROCESS");
        this.cidOffset = (int) eprocess.offsetOf("UniqueProcessId");
        this.imageOffset = (int) eprocess.offsetOf("ImageFileName");
        this.block = new byte[imageOffset + IMAGE_NAME_CAPACITY - cidOffset];
    }

    record Name(long cid, String image) {
    }

    /** The process's Cid and image name; an unreadable process shows as Cid 0 with an empty name. */
    Name read(long eprocess) {
        try {
            session.kernel().read(eprocess + cidOffset, block, 0, block.length);
        } catch (MemoryAccessException e) {
            return new Name(0, "");
        }
        int start = imageOffset - cidOffset;
        int end = start;
        while (end < block.length && block[end] != 0) {
            end++;
        }
        return new Name(LittleEndian.get(block, 0, 8), new String(block, start, end - start, StandardCharsets.ISO_8859_1));
    }
}
