/**
 * The configuration manager (Cm): the registry's hives as the kernel lists them (nt!CmpHiveListHead).
 * Uses ex (pool) and image (nt's globals); nothing above.
 */
package dev.kdlab.kernel.cm;
