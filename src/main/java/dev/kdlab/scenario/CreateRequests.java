package dev.kdlab.scenario;

import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.kernel.mm.SharedUserData;
import dev.kdlab.kernel.ps.ProcessCreateInfo;
import dev.kdlab.kernel.ps.ProcessManager.CreatedProcess;
import dev.kdlab.kernel.se.Account;
import dev.kdlab.target.ProcessLab.CreateRequest;
import dev.kdlab.target.ProcessLab.Failed;

import java.util.Locale;
import java.util.Optional;

/**
 * Turns a debugger's {@code .create} into the request the parent's CreateProcess would hand
 * NtCreateUserProcess, or into the NTSTATUS the call fails with before it allocates anything: an
 * image kdlab's machine does not have (STATUS_OBJECT_NAME_NOT_FOUND), a parent id that names no
 * running process (STATUS_INVALID_CID), a protected parent that cannot be opened to create a child
 * (STATUS_ACCESS_DENIED), an account with no logon on the machine (STATUS_NO_SUCH_LOGON_SESSION), a
 * session that does not exist (STATUS_INVALID_PARAMETER). The image, its imports and subsystem are
 * those of a process of the same file the boot created; token, session and environment follow the
 * parent unless {@code /u} or {@code /s} say otherwise.
 */
final class CreateRequests {
    static final long STATUS_OBJECT_NAME_NOT_FOUND = 0xc0000034L;
    static final long STATUS_INVALID_CID = 0xc000000bL;
    static final long STATUS_ACCESS_DENIED = 0xc0000022L;
    static final long STATUS_NO_SUCH_LOGON_SESSION = 0xc000005fL;
    static final long STATUS_INVALID_PARAMETER = 0xc000000dL;
    private static final String SYSTEM32 = "c:\\windows\\system32\\";
    /** Where the initial thread starts after its process: about half a millisecond (FILETIME units). */
    private static final long THREAD_DELAY = 5_000;

    private final Kernel kernel;

    CreateRequests(Kernel kernel) {
        this.kernel = kernel;
    }

    /** The creation info, or the failure; {@code createTime} is the system time the call happens at. */
    Object resolve(CreateRequest request, long createTime) {
        Optional<CreatedProcess> template = templateFor(request.imagePath());
        if (template.isEmpty()) {
            return new Failed(STATUS_OBJECT_NAME_NOT_FOUND, "STATUS_OBJECT_NAME_NOT_FOUND");
        }
        Optional<CreatedProcess> parent = request.parentProcessId() == null ? byImage("explorer.exe")
                : running(request.parentProcessId());
        if (parent.isEmpty()) {
            return new Failed(STATUS_INVALID_CID, "STATUS_INVALID_CID");
        }
        long parentProcess = parent.get().eprocess();
        if (kernel.space().struct("_EPROCESS", parentProcess).get("Protection.Level") != 0
                || parent.get().user() == null) {
            return new Failed(STATUS_ACCESS_DENIED, "STATUS_ACCESS_DENIED");
        }
        Account account = null;
        if (request.user() != null) {
            account = account(request.user());
            if (account == null) {
                return new Failed(STATUS_NO_SUCH_LOGON_SESSION, "STATUS_NO_SUCH_LOGON_SESSION");
            }
        }
        int session = request.sessionId() != null ? request.sessionId() : parent.get().info().sessionId();
        if (session < 0 || session > 1) {
            return new Failed(STATUS_INVALID_PARAMETER, "STATUS_INVALID_PARAMETER");
        }
        ProcessCreateInfo like = template.get().info();
        String path = like.image().path();
        String commandLine = "\"" + path + "\"" + (request.arguments().isEmpty() ? "" : " " + request.arguments());
        return ProcessCreateInfo.builder(like.imageFileName())
                .image(like.image(), like.dlls())
                .commandLine(commandLine, parent.get().info().currentDirectory())
                .subsystem(like.subsystem())
                .parent(parentProcess, parent.get().processId())
                .session(session)
                .account(account)
                .environmentFor(account)
                .suspended(request.suspended())
                .createTime(createTime)
                .threadCreateTimes(java.util.List.of(createTime + THREAD_DELAY))
                .build();
    }

    /** The system time now: KUSER_SHARED_DATA.SystemTime, which the clock last moved. */
    long now() {
        var shared = kernel.space().struct("_KUSER_SHARED_DATA", SharedUserData.KERNEL_ADDRESS);
        return shared.get("SystemTime.High1Time") << 32 | shared.get("SystemTime.LowPart");
    }

    /** A running process by its id. */
    Optional<CreatedProcess> running(long processId) {
        return kernel.processes().createdProcesses().stream()
                .filter(p -> p.processId() == processId && kernel.processes().isRunning(p.eprocess()))
                .findFirst();
    }

    /** A full path (case as you like), or a bare file name found in System32 as CreateProcess's search finds it. */
    private Optional<CreatedProcess> templateFor(String imagePath) {
        String wanted = imagePath.toLowerCase(Locale.ROOT);
        if (!wanted.contains("\\")) {
            wanted = SYSTEM32 + wanted;
        }
        String path = wanted;
        return kernel.processes().createdProcesses().stream()
                .filter(p -> p.image() != null && p.image().path().toLowerCase(Locale.ROOT).equals(path))
                .findFirst();
    }

    private Optional<CreatedProcess> byImage(String fileName) {
        return kernel.processes().createdProcesses().stream()
                .filter(p -> p.image() != null && p.image().baseName().equalsIgnoreCase(fileName)
                        && kernel.processes().isRunning(p.eprocess()))
                .findFirst();
    }

    private static Account account(String name) {
        for (Account account : Account.values()) {
            String user = account.accountName(1);
            if (user.equalsIgnoreCase(name) || (account.authorityName() + "\\" + user).equalsIgnoreCase(name)) {
                return account;
            }
        }
        return null;
    }
}
