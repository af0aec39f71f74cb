/**
 * The seam between the debugger and a machine: {@link dev.kdlab.target.Target} gives physical
 * memory and address spaces over it, the type catalog, the KD version block (where the kernel and
 * its module list are) and a symbol store keyed by image file name. The live emulated machine
 * ({@link dev.kdlab.target.LiveTarget}, built by a scenario) and a crash dump
 * ({@link dev.kdlab.target.DumpTarget}) both answer through it. May use {@code memory}, {@code types},
 * {@code struct}, {@code pe} and {@code dump}; never the emulated kernel.
 */
package dev.kdlab.target;
