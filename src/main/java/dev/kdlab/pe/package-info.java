/**
 * The x64 PE exception-data format: RUNTIME_FUNCTION entries (data directory 3, {@code .pdata}) and
 * the UNWIND_INFO they point at (Microsoft Learn, "x64 exception handling"). Format knowledge only,
 * with no dependency on the rest of kdlab: the emulated kernel encodes a function's prolog with it
 * and the debugger's unwinder decodes the same bytes from target memory, so the writer and the
 * reader cannot disagree about the format.
 */
package dev.kdlab.pe;
