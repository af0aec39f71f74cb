/**
 * The PE format as kdlab needs it: the headers of a PE32+ image ({@link dev.kdlab.pe.PeHeaders}),
 * its debug directory and CodeView (RSDS) record ({@link dev.kdlab.pe.DebugDirectory},
 * {@link dev.kdlab.pe.CodeViewRecord}), and the x64 exception data: RUNTIME_FUNCTION entries (data
 * directory 3, {@code .pdata}) and the UNWIND_INFO they point at (Microsoft Learn, "x64 exception
 * handling"). Format knowledge only: readers take an image's bytes through
 * {@link dev.kdlab.pe.ImageBytes} and header layouts from the type catalog ({@code types}), and
 * depend on nothing else of kdlab. The emulated kernel encodes a function's prolog with it and the
 * debugger's unwinder decodes the same bytes from target memory, so the writer and the reader cannot
 * disagree about the format.
 */
package dev.kdlab.pe;
