/**
 * How the debugger reads Windows structures: one view class per structure family, wrapping an
 * address and reading fields by name through the target's type catalog when asked, so that
 * commands read "the process's token" or "the thread's Teb" rather than offsets
 * ({@link dev.kdlab.debugger.views.Eprocess}, {@link dev.kdlab.debugger.views.Ethread},
 * {@link dev.kdlab.debugger.views.LoaderEntry}, {@link dev.kdlab.debugger.views.ObjectHeader},
 * {@link dev.kdlab.debugger.views.HandleTableEntry}, {@link dev.kdlab.debugger.views.ProcessorBlock},
 * KUSER_SHARED_DATA, not-valid PTEs), and the walkers several commands share: the one list walk
 * ({@link dev.kdlab.debugger.views.ListWalk}, where every loop limit lives), the one loader-list
 * reader, the process and processor finders. Views take the session (memory, catalog, nt
 * symbols) and never the emulated kernel; nothing here writes to the output.
 */
package dev.kdlab.debugger.views;
