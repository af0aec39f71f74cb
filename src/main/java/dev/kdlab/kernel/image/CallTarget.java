package dev.kdlab.kernel.image;

import dev.kdlab.pe.Register;

/**
 * What a call instruction of the emulated code calls, and so how it is encoded: a routine of the
 * same image ({@code call nt!KiSwapContext}, E8 rel32), an import through the image's import slot
 * ({@code call qword ptr [KERNELBASE!__imp_NtWaitForSingleObject]}), a function pointer through
 * Control Flow Guard's dispatch ({@code call nt!guard_dispatch_icall} in the kernel,
 * {@code call qword ptr [ntdll!__guard_dispatch_icall_fptr]} in user images), or a register
 * ({@code call rax}, KiSystemServiceCopyEnd's call of the service routine).
 */
sealed interface CallTarget {

    /** A public symbol of the same image. */
    record Direct(String symbol) implements CallTarget {
    }

    /** A function of another image, called through this image's import slot {@code __imp_<symbol>}. */
    record Import(String module, String symbol) implements CallTarget {
    }

    /** A function pointer the caller loaded into rax, called through the CFG dispatch routine. */
    record Dispatch() implements CallTarget {
    }

    /** {@code call reg}. */
    record Through(Register register) implements CallTarget {
    }
}
