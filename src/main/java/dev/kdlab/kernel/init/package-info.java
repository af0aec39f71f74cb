/**
 * Boot (Init): builds the kernel from its components (KiSystemStartup, phase 0 and 1), then lets
 * the machine run for a while once the scenario has created its processes (every thread into its
 * wait, the clock moved on). The top of the kernel: uses every component.
 */
package dev.kdlab.kernel.init;
