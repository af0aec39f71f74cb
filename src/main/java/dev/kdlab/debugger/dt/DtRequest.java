package dev.kdlab.debugger.dt;

import dev.kdlab.types.StructType;
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

    /**
     * The width of the name column: 16, or the longest field argument as typed that names a member (an argument
     * that matches nothing, such as {@code index} against {@code Index}, takes no room).
     */
    int nameWidth() {
        int width = 0;
        for (FieldSelector s : selectors) {
            if (!(type instanceof StructType struct) || StructPrinter.anyResolves(struct, List.of(s))) {
                width = Math.max(width, s.width());
            }
        }
        return selectors.isEmpty() ? StructPrinter.DEFAULT_WIDTH : width;
    }
}
