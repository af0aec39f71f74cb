package dev.kdlab.debugger.pictures;

/**
 * The characters pictures are drawn with: box-drawing characters, or plain ASCII where the output
 * cannot show them (a dumb terminal, an encoding without them).
 *
 * @param branch    before a child that has siblings after it
 * @param last      before the last child
 * @param through   under a child that has siblings after it, in front of its own lines
 * @param past      under the last child
 * @param filled    a bar's block that stands for committed memory
 * @param reserved  a bar's block that stands for memory reserved but not committed
 * @param gap       where a map leaves out a stretch of free address space
 * @param here      where a stopped flow stands in the picture of its stages
 */
public record Glyphs(String branch, String last, String through, String past, String filled, String reserved,
                     String gap, String here) {
    public static final Glyphs UNICODE = new Glyphs("├─ ", "└─ ", "│  ", "   ", "█", "░", "┆", "▶");
    public static final Glyphs ASCII = new Glyphs("|- ", "`- ", "|  ", "   ", "#", ".", ":", ">");
}
