package dev.kdlab.debugger.dt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One field argument of dt: {@code UniqueProcessId}, {@code Pcb.DirectoryTableBase}, {@code BuddyLogonId.} (each
 * trailing period shows one more level of sub-fields), {@code Image*} (prefix), or the word after {@code -y}
 * (every segment a prefix). A field argument matches with case, as WinDbg's do ({@code dt nt!_OBJECT_TYPE addr Name
 * index} shows only Name); a {@code -y} prefix matches without regard to case ({@code -y pcb} finds {@code Pcb},
 * and the transcripts' {@code !list -x "dt nt!_LDR_DATA_TABLE_ENTRY -y fulldll"} finds FullDllName).
 *
 * @param text         as typed; its length is the width of the name column (transcripts 2.3, 2.4, 2.7)
 * @param segments     the dotted path, without trailing periods
 * @param prefix       true after -y
 * @param expandLevels the number of trailing periods
 */
public record FieldSelector(String text, List<String> segments, boolean prefix, int expandLevels) {

    public FieldSelector {
        segments = List.copyOf(segments);
    }

    static FieldSelector parse(String text, boolean prefix) {
        String path = text.replace("->", ".");
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '.') {
            end--;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.substring(0, end).split("\\.")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return new FieldSelector(text, segments, prefix, path.length() - end);
    }

    /** Does segment {@code index} of the path select a member with this name? */
    boolean matches(int index, String name) {
        if (index >= segments.size()) {
            return false;
        }
        String segment = segments.get(index);
        if (prefix) {
            return name.toLowerCase(Locale.ROOT).startsWith(segment.toLowerCase(Locale.ROOT));
        }
        if (segment.endsWith("*")) {
            return name.startsWith(segment.substring(0, segment.length() - 1));
        }
        return name.equals(segment);
    }

    boolean isLast(int index) {
        return index == segments.size() - 1;
    }

    int width() {
        return text.length();
    }
}
