package dev.kdlab.kernel.io;

/**
 * What an image's initialisation routine does beyond the driver object the I/O manager makes for it
 * (a driver's DriverEntry, an export driver's DllInitialize, CI.dll's CiInitialize): registering
 * notify routines and the like, which belong to components above the I/O manager. The boot supplies
 * it; {@link IoManager#IoInitSystem} calls it for every image of nt!PsLoadedModuleList, in load order.
 */
@FunctionalInterface
public interface DriverInitialization {
    /** Nothing beyond the driver object. */
    DriverInitialization NONE = (imageName, imageBase, imageSize) -> { };

    void DriverEntry(String imageName, long imageBase, long imageSize);
}
