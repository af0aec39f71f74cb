package dev.kdlab.kernel.image;

import dev.kdlab.pe.UnwindCode;

import java.util.List;

/**
 * A function of an emulated image: where it starts (RVA), how long it is, and what its prolog does.
 * A function with an empty prolog is a leaf (a system-call stub, say): it has no RUNTIME_FUNCTION
 * and an unwinder finds its return address at [rsp].
 */
public record CodeFunction(String name, long rva, int size, List<UnwindCode> prolog) {

    public CodeFunction {
        prolog = List.copyOf(prolog);
    }

    public boolean isLeaf() {
        return prolog.isEmpty();
    }

    public boolean contains(long someRva) {
        return someRva >= rva && someRva < rva + size;
    }

    /** Bytes the prolog moves rsp by: pushes, allocations and the machine frame with its error code. */
    public int frameSize() {
        int bytes = 0;
        for (UnwindCode code : prolog) {
            if (code instanceof UnwindCode.Push) {
                bytes += 8;
            } else if (code instanceof UnwindCode.Alloc alloc) {
                bytes += alloc.size();
            } else if (code instanceof UnwindCode.MachineFrame frame) {
                bytes += UnwindCode.MachineFrame.SIZE + (frame.errorCode() ? 8 : 0);
            }
        }
        return bytes;
    }
}
