package dev.kdlab.kernel.se;

import dev.kdlab.memory.LittleEndian;

/**
 * A security identifier in its binary form (winnt.h SID): Revision 1, SubAuthorityCount, a 6-byte
 * big-endian IdentifierAuthority, then the sub-authorities as little-endian ULONGs. Written from
 * the text form {@code S-1-5-21-...}.
 */
public record Sid(String text) {

    public Sid {
        if (!text.startsWith("S-1-") || text.length() == 4) {
            throw new IllegalArgumentException("not a SID: " + text);
        }
    }

    public static Sid of(String text) {
        return new Sid(text);
    }

    /** The SID with one more sub-authority: a domain SID plus a RID. */
    public Sid withRid(long rid) {
        return new Sid(text + "-" + Long.toUnsignedString(rid & 0xffffffffL));
    }

    public int subAuthorityCount() {
        int dashes = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '-') {
                dashes++;
            }
        }
        return dashes - 2;
    }

    /** 8 bytes of header and one ULONG per sub-authority. */
    public int length() {
        return 8 + 4 * subAuthorityCount();
    }

    public byte[] bytes() {
        String[] parts = text.split("-");
        byte[] bytes = new byte[8 + 4 * (parts.length - 3)];
        bytes[0] = 1;
        bytes[1] = (byte) (parts.length - 3);
        long authority = Long.parseLong(parts[2]);
        for (int i = 0; i < 6; i++) {
            bytes[7 - i] = (byte) (authority >>> (8 * i));
        }
        for (int i = 3; i < parts.length; i++) {
            LittleEndian.put(bytes, 8 + 4 * (i - 3), 4, Long.parseLong(parts[i]));
        }
        return bytes;
    }

    /** The low byte of the last sub-authority: what RtlSidHashInitialize hashes. */
    public int hashByte() {
        String[] parts = text.split("-");
        return (int) (Long.parseLong(parts[parts.length - 1]) & 0xff);
    }

    @Override
    public String toString() {
        return text;
    }
}
