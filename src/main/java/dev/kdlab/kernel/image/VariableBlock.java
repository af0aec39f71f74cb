package dev.kdlab.kernel.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run of nt! data variables laid out one after another in .data from a first RVA, each at the
 * alignment its block's rule gives it: the one place {@link KernelVariables} and {@link NtGlobals}
 * turn their tables of 19041 declaration sizes into addresses and answer lookups by name.
 */
final class VariableBlock {
    /** How a block aligns a variable of a given size. */
    enum Alignment {
        /** Every variable on a 16-byte boundary. */
        PARAGRAPH {
            @Override
            long of(long size) {
                return 16;
            }
        },
        /** As the linker packs them: byte and word flags by their size, up to 8, larger ones on 16. */
        NATURAL {
            @Override
            long of(long size) {
                return size < 8 ? size : size < 16 ? 8 : 16;
            }
        };

        abstract long of(long size);
    }

    private final Map<String, Long> sizes;
    private final Map<String, Long> rvas;

    VariableBlock(long firstRva, Alignment alignment, Map<String, Long> sizes) {
        this.sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
        Map<String, Long> placed = new LinkedHashMap<>();
        long next = firstRva;
        for (Map.Entry<String, Long> variable : sizes.entrySet()) {
            long align = alignment.of(variable.getValue());
            next = (next + align - 1) & -align;
            placed.put(variable.getKey(), next);
            next += variable.getValue();
        }
        this.rvas = Collections.unmodifiableMap(placed);
    }

    /** Every variable and its RVA, in layout order. */
    Map<String, Long> rvas() {
        return rvas;
    }

    /** The RVA of one variable. */
    long rva(String name) {
        Long rva = rvas.get(name);
        if (rva == null) {
            throw new IllegalArgumentException("no variable nt!" + name);
        }
        return rva;
    }

    long size(String name) {
        return sizes.get(name);
    }
}
