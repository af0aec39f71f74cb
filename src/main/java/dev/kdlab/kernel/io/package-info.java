/**
 * The I/O manager (Io, Iop): driver objects for the loaded drivers (IopLoadDriver, IoCreateDriver),
 * their devices and device stacks (IoCreateDevice, IoAttachDeviceToDeviceStack, volume parameter
 * blocks) and file objects (IopCreateFile). Uses ob (drivers, devices and files are objects in the
 * namespace), ex (pool) and image (nt's routines and globals).
 */
package dev.kdlab.kernel.io;
