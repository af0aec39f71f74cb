package dev.kdlab.scenario;

/**
 * One process of a scenario: what to start, under which parent, in which session. A spec with
 * {@code exited} set stands for a process that ran and is gone (smss's session children, userinit):
 * it takes a PID that its children name as parent, but is never in the active list.
 *
 * @param key        the name other specs use as parent
 * @param imagePath  DOS path of the image; null for minimal processes without user space
 * @param sessionId  -1 for no session
 * @param protection the _PS_PROTECTION byte (0x72 WinSystem, 0x61 WinTcb-Light, 0 none)
 */
public record ProcessSpec(String key, String imageFileName, String imagePath, long imageSize, String commandLine,
                          String parent, int sessionId, int threads, int handles, int protection, boolean exited) {

    static ProcessSpec running(String key, String imageFileName, String imagePath, long imageSize,
                               String commandLine, String parent, int sessionId, int threads, int handles,
                               int protection) {
        return new ProcessSpec(key, imageFileName, imagePath, imageSize, commandLine, parent, sessionId, threads,
                handles, protection, false);
    }

    static ProcessSpec exited(String key, String parent) {
        return new ProcessSpec(key, key, null, 0, null, parent, -1, 0, 0, 0, true);
    }
}
