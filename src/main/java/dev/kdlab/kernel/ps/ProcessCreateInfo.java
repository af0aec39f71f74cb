package dev.kdlab.kernel.ps;

import dev.kdlab.kernel.ke.SystemClock;
import dev.kdlab.kernel.image.UserImage;
import dev.kdlab.kernel.se.Account;

import java.util.List;

/**
 * What NtCreateUserProcess is asked for. {@code image} is null for the System process and the
 * minimal processes (Registry, MemCompression) that have no user space; {@code sessionId} is -1
 * for processes outside any session; {@code account} is null when the new process inherits a copy
 * of its parent's token, and names the logon whose token is handed over otherwise (the
 * CreateProcessAsUser case: services started as LOCAL SERVICE, the user's shell).
 *
 * @param dlls          the image's own imports, loaded after ntdll, KERNEL32 and KERNELBASE
 * @param subsystem     PE subsystem: 1 native, 2 Windows GUI, 3 Windows console
 * @param priorityClass PROCESS_PRIORITY_CLASS_*, or 0 for what CreateProcess picks by default
 * @param protection    the _PS_PROTECTION byte (0x72 WinSystem, 0x61 WinTcb-Light, 0 none)
 * @param environmentAccount the account the creator builds the environment block for
 *                      (CreateEnvironmentBlock), or null when the new process gets a copy of the creator's
 * @param threadCreateTimes when each thread is created (a FILETIME each, the initial thread first);
 *                      threads past the list's end are created with the process
 * @param suspended     CREATE_SUSPENDED: the initial thread waits with a suspend count of 1, and the
 *                      loader has not run (no PEB.Ldr) until someone resumes it
 */
public record ProcessCreateInfo(String imageFileName, UserImage image, List<UserImage> dlls, String commandLine,
                                String currentDirectory, int subsystem, long parentProcess, long parentProcessId,
                                int sessionId, Account account, int priorityClass, int protection, int threadCount,
                                int handleCount, long createTime, Account environmentAccount,
                                List<Long> threadCreateTimes, boolean suspended) {

    public static final int SUBSYSTEM_NATIVE = 1;
    public static final int SUBSYSTEM_WINDOWS_GUI = 2;
    public static final int SUBSYSTEM_WINDOWS_CUI = 3;

    public ProcessCreateInfo {
        dlls = List.copyOf(dlls);
        threadCreateTimes = List.copyOf(threadCreateTimes);
    }

    /** When thread {@code index} is created: its planned time, or the process's own. */
    public long threadCreateTime(int index) {
        return index < threadCreateTimes.size() ? threadCreateTimes.get(index) : createTime;
    }

    public static Builder builder(String imageFileName) {
        return new Builder(imageFileName);
    }

    /** Builds a request field by field; unset fields are those of a GUI process with no parent and one thread. */
    public static final class Builder {
        private final String imageFileName;
        private UserImage image;
        private List<UserImage> dlls = List.of();
        private String commandLine;
        private String currentDirectory = "C:\\Windows\\system32\\";
        private int subsystem = SUBSYSTEM_WINDOWS_GUI;
        private long parentProcess;
        private long parentProcessId;
        private int sessionId = -1;
        private Account account;
        private int priorityClass;
        private int protection;
        private int threadCount = 1;
        private int handleCount;
        private long createTime = SystemClock.BOOT_TIME;
        private List<Long> threadCreateTimes = List.of();
        private Account environmentAccount;
        private boolean suspended;

        private Builder(String imageFileName) {
            this.imageFileName = imageFileName;
        }

        public Builder image(UserImage image, List<UserImage> dlls) {
            this.image = image;
            this.dlls = dlls;
            return this;
        }

        public Builder commandLine(String commandLine, String currentDirectory) {
            this.commandLine = commandLine;
            this.currentDirectory = currentDirectory;
            return this;
        }

        public Builder subsystem(int subsystem) {
            this.subsystem = subsystem;
            return this;
        }

        public Builder parent(long eprocess, long processId) {
            this.parentProcess = eprocess;
            this.parentProcessId = processId;
            return this;
        }

        public Builder session(int sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        public Builder account(Account account) {
            this.account = account;
            return this;
        }

        public Builder priorityClass(int priorityClass) {
            this.priorityClass = priorityClass;
            return this;
        }

        public Builder protection(int protection) {
            this.protection = protection;
            return this;
        }

        public Builder counts(int threads, int handles) {
            this.threadCount = threads;
            this.handleCount = handles;
            return this;
        }

        public Builder createTime(long createTime) {
            this.createTime = createTime;
            return this;
        }

        public Builder environmentFor(Account account) {
            this.environmentAccount = account;
            return this;
        }

        public Builder threadCreateTimes(List<Long> times) {
            this.threadCreateTimes = times;
            return this;
        }

        public Builder suspended(boolean suspended) {
            this.suspended = suspended;
            return this;
        }

        public ProcessCreateInfo build() {
            return new ProcessCreateInfo(imageFileName, image, dlls, commandLine, currentDirectory, subsystem,
                    parentProcess, parentProcessId, sessionId, account, priorityClass, protection, threadCount,
                    handleCount, createTime, environmentAccount, threadCreateTimes, suspended);
        }
    }
}
