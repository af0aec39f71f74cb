package dev.kdlab.debugger.breakpoints;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The session's breakpoint table (bp, bu, bm set; bl lists; bc, bd, be clear, disable, enable). The
 * kernel's flow asks {@link #breaksAt} at every routine it enters, on its own thread while the
 * debugger's waits; the breakpoint that broke is then {@link #lastHit}.
 */
public final class Breakpoints {
    /** WinDbg numbers breakpoints 0-31 in kernel mode... and goes on beyond; a bound keeps bm from running away. */
    public static final int MAX = 0x400;

    private final TreeMap<Integer, Breakpoint> byId = new TreeMap<>();
    private Breakpoint lastHit;

    /**
     * Sets a breakpoint at {@code address} (or redefines the one there); {@code id} is the one asked
     * for ({@code bp3}) or -1 for the lowest free. Returns it, and whether it replaced one.
     */
    public Set set(int id, long address, String expression, int passes, boolean oneShot, String command) {
        Optional<Breakpoint> existing = at(address);
        int number = existing.map(Breakpoint::id).orElse(id >= 0 ? id : lowestFree());
        if (existing.isPresent() && id >= 0 && id != existing.get().id()) {
            byId.remove(existing.get().id());
            number = id;
        }
        boolean redefined = existing.isPresent() || byId.containsKey(number);
        Breakpoint breakpoint = new Breakpoint(number, address, expression, Math.max(1, passes), oneShot, command);
        byId.put(number, breakpoint);
        return new Set(breakpoint, redefined);
    }

    /** What {@link #set} did. */
    public record Set(Breakpoint breakpoint, boolean redefined) {
    }

    public Optional<Breakpoint> at(long address) {
        return byId.values().stream().filter(b -> b.address() == address).findFirst();
    }

    public Optional<Breakpoint> get(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<Breakpoint> all() {
        return Collections.unmodifiableCollection(byId.values());
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    public void clear(int id) {
        byId.remove(id);
    }

    public void enable(int id, boolean enabled) {
        get(id).ifPresent(b -> b.setEnabled(enabled));
    }

    /** The flow enters a routine at {@code address}: does an enabled breakpoint there break this pass? */
    public boolean breaksAt(long address) {
        for (Breakpoint breakpoint : byId.values()) {
            if (breakpoint.enabled() && breakpoint.address() == address && breakpoint.pass()) {
                lastHit = breakpoint;
                return true;
            }
        }
        return false;
    }

    /** The breakpoint of the last stop {@link #breaksAt} asked for. */
    public Optional<Breakpoint> lastHit() {
        return Optional.ofNullable(lastHit);
    }

    /** The ids a {@code bc}/{@code bd}/{@code be} list names: {@code *}, ids, ranges {@code 1-3}, blank or comma separated. */
    public List<Integer> select(String list) {
        List<Integer> ids = new ArrayList<>();
        for (String part : list.trim().split("[\\s,]+")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals("*")) {
                ids.addAll(byId.keySet());
            } else if (part.matches("[0-9]+-[0-9]+")) {
                String[] ends = part.split("-");
                int from = Integer.parseInt(ends[0]);
                int to = Integer.parseInt(ends[1]);
                byId.subMap(from, true, to, true).keySet().forEach(ids::add);
            } else if (part.matches("[0-9]+")) {
                ids.add(Integer.parseInt(part));
            } else {
                throw new IllegalArgumentException(part);
            }
        }
        return ids;
    }

    private int lowestFree() {
        int id = 0;
        while (byId.containsKey(id)) {
            id++;
        }
        return id;
    }
}
