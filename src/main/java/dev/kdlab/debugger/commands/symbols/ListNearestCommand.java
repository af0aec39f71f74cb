package dev.kdlab.debugger.commands.symbols;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.symbols.LoadedModule;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;
import java.util.Optional;

/**
 * {@code ln Address}: the symbols around an address, in the kernel's modules and the implicit
 * process's user modules:
 * {@code (fffff807`1e2344c0)   nt!KiSwapThread+0x500   |  (fffff807`1e234b70)   nt!KiCommitThreadWait},
 * then {@code Exact matches:} when the address is a symbol itself. Outside every module it prints
 * nothing, as WinDbg does.
 */
public final class ListNearestCommand implements Command {
    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        long address = args.nextExpression();
        args.expectEnd();
        Optional<LoadedModule> module = invocation.session().contextModules().find(address);
        if (module.isEmpty()) {
            return;
        }
        PrintStream out = invocation.out();
        Optional<LoadedModule.Symbol> below = module.get().nearestAtOrBelow(address);
        Optional<LoadedModule.Symbol> above = module.get().nearestAbove(address);
        String here = below.map(s -> s.qualifiedName() + offset(address - s.address()))
                .orElse(module.get().name() + offset(address - module.get().base()));
        long start = below.map(LoadedModule.Symbol::address).orElse(module.get().base());
        StringBuilder line = new StringBuilder("(").append(Hex.backtick(start)).append(")   ").append(here);
        above.ifPresent(s -> line.append("   |  (").append(Hex.backtick(s.address())).append(")   ")
                .append(s.qualifiedName()));
        out.println(line);
        if (below.isPresent() && below.get().address() == address) {
            out.println("Exact matches:");
            out.println("    " + below.get().qualifiedName() + " (<no parameter info>)");
        }
    }

    private static String offset(long displacement) {
        return displacement == 0 ? "" : "+0x" + Long.toHexString(displacement);
    }
}
