package dev.kdlab.kernel;

/**
 * What NtCreateUserProcess is asked for. {@code image} is null for the minimal processes (Registry,
 * MemCompression) that have no user space; {@code sessionId} is -1 for processes outside any session.
 */
public record ProcessCreateInfo(String imageFileName, UserImage image, String commandLine, long parentProcess,
                                long parentProcessId, int sessionId, int threadCount, int handleCount,
                                int protection, long createTime, String currentDirectory) {
}
