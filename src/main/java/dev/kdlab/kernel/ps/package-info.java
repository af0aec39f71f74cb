/**
 * The process manager (Ps, Psp): process creation stage by stage as Windows Internals describes it
 * (NtCreateUserProcess, PspAllocateProcess 3A-3F, PspInsertProcess, PspCreateThread), jobs, and
 * the notify routine arrays the drivers register in (NotifyRoutines: PsSetCreateProcessNotifyRoutine
 * and friends). It
 * calls on every lower component; nothing below it calls back.
 */
package dev.kdlab.kernel.ps;
