package dev.kdlab.disasm;

import java.util.Optional;

/**
 * Turns an address into the name WinDbg shows for it ({@code nt!KeWaitForSingleObject},
 * {@code ntdll!NtWaitForSingleObject+0x15}), or nothing outside every module.
 */
@FunctionalInterface
public interface SymbolNamer {
    SymbolNamer NONE = address -> Optional.empty();

    Optional<String> name(long address);
}
