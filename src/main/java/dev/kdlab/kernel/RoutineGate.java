package dev.kdlab.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The entry and the exit of the kernel's named routines (NtCreateUserProcess, PspInsertProcess,
 * KeInitThread, ntdll!LdrpLoadDll ...), which the flow passes as a CPU passes a routine's first
 * instruction and its return. At boot nobody watches and both calls do nothing, so the boot and a
 * debugger's {@code .create} run the same code and write the same bytes; a watcher (the lab that lets
 * a debugger stop the flow) sees every routine by the address its symbol has, and the chain of
 * routines entered and not yet left, innermost last: the call stack.
 */
public final class RoutineGate {
    /** A routine by the name the flow gives it ({@code PspInsertProcess}, {@code ntdll!LdrpLoadDll}) and its address (0: no symbol). */
    public record Routine(String name, long address) {
    }

    /** What a watcher learns at a gate: the routine, and the chain of routines entered, outermost first. */
    public interface Watcher {
        void entered(Routine routine, List<Routine> chain);

        void leaving(Routine routine, List<Routine> chain);
    }

    private final ToLongFunction<String> addresses;
    private final List<Routine> chain = new ArrayList<>();
    private final List<Routine> view = Collections.unmodifiableList(chain);
    private Watcher watcher;

    /** @param addresses the address of a routine's symbol ({@code nt!} unless the name says a module), 0 when it has none */
    public RoutineGate(ToLongFunction<String> addresses) {
        this.addresses = addresses;
    }

    /** Watches the routines from now on (null: nobody, as at boot). */
    public void watch(Watcher next) {
        watcher = next;
        chain.clear();
    }

    public void enter(String routine) {
        if (watcher != null) {
            Routine entered = new Routine(routine, addresses.applyAsLong(routine));
            chain.add(entered);
            watcher.entered(entered, view);
        }
    }

    public void leave(String routine) {
        if (watcher != null && !chain.isEmpty()) {
            Routine leaving = chain.get(chain.size() - 1);
            if (!leaving.name().equals(routine)) {
                throw new IllegalStateException("leaving " + routine + " inside " + leaving.name());
            }
            watcher.leaving(leaving, view);
            chain.remove(chain.size() - 1);
        }
    }

    /** The address of a routine's symbol, 0 when it has none. */
    public long addressOf(String routine) {
        return addresses.applyAsLong(routine);
    }
}
