package dev.kdlab.debugger.dt;

import dev.kdlab.types.Type;

import java.util.List;
import java.util.OptionalLong;

/**
 * A dt command line, understood.
 *
 * @param type      the type named
 * @param qualified true when written with its module ({@code nt!_EPROCESS}): then dt prints no header line
 * @param address   the instance, if one was given
 * @param selectors the field arguments, in the order typed (dt prints in structure order anyway)
 */
public record DtRequest(Type type, boolean qualified, OptionalLong address, List<FieldSelector> selectors,
                        DtOptions options) {

    public DtRequest {
        selectors = List.copyOf(selectors);
    }

    /** The width of the name column: 16, or the longest field argument as typed when there are any. */
    int nameWidth() {
        int width = 0;
        for (FieldSelector s : selectors) {
            width = Math.max(width, s.width());
        }
        return selectors.isEmpty() ? StructPrinter.DEFAULT_WIDTH : width;
    }
}
