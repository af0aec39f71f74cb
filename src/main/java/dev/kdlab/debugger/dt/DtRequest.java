package dev.kdlab.debugger.dt;

import dev.kdlab.types.Type;

import java.util.List;
import java.util.OptionalLong;

/**
 * A dt command line that names one type, understood.
 *
 * @param type      the type named
 * @param header    the line printed first ({@code nt!_EPROCESS}) when the type was written without its module; null
 *                  when written with it ({@code nt!_EPROCESS}), then dt prints no header line (rule 9.5)
 * @param address   the instance, if one was given
 * @param selectors the field arguments, in the order typed (dt prints in structure order anyway)
 */
public record DtRequest(Type type, String header, OptionalLong address, List<FieldSelector> selectors,
                        DtOptions options) implements DtAction {

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
