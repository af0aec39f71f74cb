/**
 * The emulated Windows kernel: what writes the machine. This root package holds what every
 * component writes memory with: the kernel's and processes' address spaces ({@link
 * dev.kdlab.kernel.KernelSpace}), the boot's address plan, LIST_ENTRY links (Rtl's InsertTailList),
 * the structure writers that put fields by name through the type catalog, and the reader of the
 * data tables components boot from.
 *
 * <p>Components, one package each, named after the Windows component whose routines they play
 * (a routine keeps its Windows name: PspInsertProcess, MiMapViewOfSection, KeInitThread):
 * {@code ex} (pool, handle tables, the big pool table), {@code ob} (objects, namespace, handles), {@code io} (drivers,
 * devices, files), {@code cm} (registry keys), {@code se} (tokens), {@code mm} (memory manager:
 * sections, VADs), {@code image} (the emulated images' code and symbols), {@code ke} (processors,
 * threads, waits, clock), {@code ldr} (loader), {@code ps} (process and thread creation), {@code
 * init} (boot). Arrows point down this list: ex and image use only this package; ob uses ex and
 * image; io and cm use ob, ex and image (and not each other); se uses ob and ex; mm uses io, ob, ex
 * and image; ke uses mm, ob, ex, image; ldr uses ke, mm, io, cm, ob, ex, image; ps uses all of
 * them; init builds the kernel from all of them. Each component receives what it uses in its
 * constructor.
 *
 * <p>Nothing outside {@code scenario} and tests reaches into the kernel; the debugger never does.
 */
package dev.kdlab.kernel;
