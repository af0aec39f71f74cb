package dev.kdlab.debugger.code;

import dev.kdlab.disasm.Decoder;
import dev.kdlab.disasm.Instruction;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the instructions before an address start, for {@code ub}. x64 code cannot be decoded
 * backwards, so, as the engine does, it decodes forwards from a point before the address and keeps
 * a run that lands exactly on it: first from the start of the function or symbol the address is
 * in, else from the earliest point within 15 bytes per instruction whose decoding lands there
 * (x86 decoding falls into step with the real boundaries after a few instructions).
 */
final class BackwardScan {
    private static final long ANCHOR_REACH = 0x10000;
    private static final int MAX_RUN = 0x10000;

    private final CodeView code;

    BackwardScan(CodeView code) {
        this.code = code;
    }

    /** The start addresses of the {@code count} instructions that end at {@code end}, lowest first. */
    List<Long> before(long end, int count) {
        List<Long> result = new ArrayList<>();
        long until = end;
        while (result.size() < count) {
            List<Long> found = step(until, count - result.size());
            if (found.isEmpty()) {
                break;
            }
            result.addAll(0, found);
            until = found.get(0);
        }
        return result;
    }

    /** Up to {@code wanted} instruction starts that end at {@code end} (fewer when a function start comes first). */
    private List<Long> step(long end, int wanted) {
        if (end == 0) {
            return List.of();
        }
        Optional<Long> anchor = anchor(end);
        if (anchor.isPresent()) {
            List<Long> run = forward(anchor.get(), end);
            if (run != null && !run.isEmpty()) {
                return last(run, wanted);
            }
        }
        // addresses are unsigned: a kernel address is a negative long, so Math.min would pick it and scan from 0
        long window = Decoder.MAX_LENGTH * (long) wanted;
        long reach = Long.compareUnsigned(end, window) < 0 ? end : window;
        for (long start = end - reach; Long.compareUnsigned(start, end) < 0; start++) {
            List<Long> run = forward(start, end);
            if (run != null && run.size() >= wanted) {
                return last(run, wanted);
            }
        }
        return List.of(end - 1);   // nothing lands: step back one byte, as an unknown one
    }

    /** The nearest function start (.pdata) or symbol at or below the byte before {@code end}, if near enough. */
    private Optional<Long> anchor(long end) {
        long last = end - 1;
        Optional<Long> symbol = code.symbolStart(last);
        Optional<Long> function = code.functionExtent(last).map(extent -> extent[0]);
        Optional<Long> nearest = symbol.isPresent() && function.isPresent()
                ? Optional.of(Long.compareUnsigned(symbol.get(), function.get()) > 0 ? symbol.get() : function.get())
                : symbol.or(() -> function);
        return nearest.filter(a -> Long.compareUnsigned(end - a, ANCHOR_REACH) <= 0);
    }

    /** The instruction starts from {@code start} while below {@code end}; null unless the last one ends exactly there. */
    private List<Long> forward(long start, long end) {
        List<Long> starts = new ArrayList<>();
        long address = start;
        while (Long.compareUnsigned(address, end) < 0 && starts.size() < MAX_RUN) {
            starts.add(address);
            Optional<Instruction> instruction = code.decode(address);
            address = CodeView.next(address, instruction);
        }
        return address == end ? starts : null;
    }

    private static List<Long> last(List<Long> run, int count) {
        return new ArrayList<>(run.subList(Math.max(0, run.size() - count), run.size()));
    }
}
