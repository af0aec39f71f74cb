/**
 * Pictures where people would rather look than read, drawn in box-drawing characters or, where the
 * output cannot show them, in ASCII ({@link dev.kdlab.debugger.pictures.Glyphs}, chosen per session).
 * {@link dev.kdlab.debugger.pictures.TreeDrawing} draws the process tree of {@code !kdlab.pstree}
 * ({@link dev.kdlab.debugger.pictures.PsTreeCommand}) and {@code !walk}'s page walk.
 *
 * <p>Still to come, and meant to live here (issue 15): a VAD map of a process (address-ordered bars
 * for the image, DLLs, heaps and stacks, read from the VAD tree once the kernel builds VADs) and
 * the stages of a process creation (3A-3F of PspAllocateProcess, then PspCreateThread and the
 * loader, once {@code .create} can stop between them). Both read bytes, as the tree does.
 */
package dev.kdlab.debugger.pictures;
