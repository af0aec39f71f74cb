package dev.kdlab.scenario;

import dev.kdlab.kernel.se.Account;
import dev.kdlab.kernel.ps.ProcessCreateInfo;

import java.util.List;

/**
 * One process of a scenario: what to start, under which parent, in which session, as whom. A spec
 * with {@code exited} set stands for a process that ran and is gone (smss's session children,
 * userinit): it takes a PID that its children name as parent and ends once its last child has
 * started, leaving its object in pool but not in the active list; its account, if any, is what
 * its children run as.
 *
 * @param key        the name other specs use as parent
 * @param imagePath  DOS path of the image; null for minimal processes without user space
 * @param sessionId  -1 for no session
 * @param account    null to inherit a copy of the parent's token; else the logon the process runs as
 * @param protection the _PS_PROTECTION byte (0x72 WinSystem, 0x61 WinTcb-Light, 0x31 Antimalware-Light)
 * @param dlls       file names of the image's own imports (KnownDlls), after ntdll/KERNEL32/KERNELBASE
 * @param inJob      assigned to a job of its own right after creation (app containers, WmiPrvSE)
 * @param service    started by the service control manager, which builds its environment block for
 *                   its account (a process started as another account gets one too)
 */
public record ProcessSpec(String key, String imageFileName, String imagePath, long imageSize, String commandLine,
                          String parent, int sessionId, Account account, int threads, int handles, int protection,
                          int priorityClass, int subsystem, List<String> dlls, boolean inJob, boolean service,
                          boolean exited) {

    public static final int PROTECTED_WIN_SYSTEM = 0x72;
    public static final int PPL_WIN_TCB = 0x61;
    public static final int PPL_ANTIMALWARE = 0x31;

    /** A process started from an image file; its EPROCESS name is the file name. */
    public static Builder process(String key, String imagePath, long imageSize) {
        return new Builder(key, imagePath.substring(imagePath.lastIndexOf('\\') + 1), imagePath, imageSize);
    }

    /** System, Registry, MemCompression: no image file, no user space. */
    public static Builder minimal(String key, String name) {
        return new Builder(key, name, null, 0);
    }

    /** A process that ran and exited before the machine's "now", once its children had started. */
    public static Builder exited(String key, String imagePath, String parent) {
        Builder builder = process(key, imagePath, 0).parent(parent);
        builder.exited = true;
        return builder;
    }

    /** Fluent construction of a spec; unset fields: no parent, no session, inherited token, one thread. */
    public static final class Builder {
        private final String key;
        private final String imageFileName;
        private final String imagePath;
        private final long imageSize;
        private String commandLine;
        private String parent;
        private int sessionId = -1;
        private Account account;
        private int threads = 1;
        private int handles;
        private int protection;
        private int priorityClass;
        private int subsystem = ProcessCreateInfo.SUBSYSTEM_WINDOWS_GUI;
        private List<String> dlls = List.of();
        private boolean inJob;
        private boolean service;
        private boolean exited;

        private Builder(String key, String imageFileName, String imagePath, long imageSize) {
            this.key = key;
            this.imageFileName = imageFileName;
            this.imagePath = imagePath;
            this.imageSize = imageSize;
        }

        public Builder commandLine(String commandLine) {
            this.commandLine = commandLine;
            return this;
        }

        public Builder parent(String parent) {
            this.parent = parent;
            return this;
        }

        public Builder session(int sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        public Builder as(Account account) {
            this.account = account;
            return this;
        }

        public Builder counts(int threads, int handles) {
            this.threads = threads;
            this.handles = handles;
            return this;
        }

        public Builder protection(int protection) {
            this.protection = protection;
            return this;
        }

        public Builder priorityClass(int priorityClass) {
            this.priorityClass = priorityClass;
            return this;
        }

        public Builder subsystem(int subsystem) {
            this.subsystem = subsystem;
            return this;
        }

        public Builder dlls(List<String> dlls) {
            this.dlls = dlls;
            return this;
        }

        public Builder inJob() {
            this.inJob = true;
            return this;
        }

        public Builder service() {
            this.service = true;
            return this;
        }

        public ProcessSpec build() {
            return new ProcessSpec(key, imageFileName, imagePath, imageSize, commandLine, parent, sessionId, account,
                    threads, handles, protection, priorityClass, subsystem, List.copyOf(dlls), inJob, service, exited);
        }
    }
}
