/**
 * The I/O manager (Io, Iop): driver objects for the loaded drivers (IopLoadDriver, IoCreateDriver),
 * their devices and device stacks (IoCreateDevice, IoAttachDeviceToDeviceStack, volume parameter
 * blocks), file objects (IopCreateFile) and the driver database cache (nt!PiDDBCacheList and
 * PiDDBCacheTable: DriverDatabase). What an image's DriverEntry does for components above it (notify
 * routines) comes in as a {@link dev.kdlab.kernel.io.DriverInitialization} the boot supplies. Uses ob (drivers, devices and files are objects in the
 * namespace), ex (pool) and image (nt's routines and globals).
 */
package dev.kdlab.kernel.io;
