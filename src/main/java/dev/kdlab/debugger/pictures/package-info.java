/**
 * Pictures where people would rather look than read, drawn in box-drawing characters or, where the
 * output cannot show them, in ASCII ({@link dev.kdlab.debugger.pictures.Glyphs}, chosen per session).
 * {@link dev.kdlab.debugger.pictures.TreeDrawing} draws the process tree of {@code !kdlab.pstree}
 * ({@link dev.kdlab.debugger.pictures.PsTreeCommand}) and {@code !walk}'s page walk;
 * {@link dev.kdlab.debugger.pictures.VadMapCommand} draws a process's VADs as bars
 * ({@code !kdlab.vadmap}), from the VAD tree walk {@code !vad} makes and the regions {@code !address} names.
 *
 * <p>Still to come, and meant to live here (issue 15): the stages of a process creation (3A-3F of
 * PspAllocateProcess, then PspCreateThread and the loader, once {@code .create} can stop between
 * them). It will read bytes, as the others do.
 */
package dev.kdlab.debugger.pictures;
