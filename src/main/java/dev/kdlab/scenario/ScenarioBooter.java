package dev.kdlab.scenario;

import dev.kdlab.kernel.Kernel;
import dev.kdlab.kernel.ProcessCreateInfo;
import dev.kdlab.kernel.ProcessManager.CreatedProcess;
import dev.kdlab.kernel.SystemClock;
import dev.kdlab.kernel.UserImage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Turns a list of process specs into NtCreateUserProcess calls on a booted kernel. */
final class ScenarioBooter {
    private final Kernel kernel;
    private final SplittableRandom random;
    private final Map<String, Long> processIds = new HashMap<>();
    private final Map<String, Long> processes = new HashMap<>();

    ScenarioBooter(Kernel kernel) {
        this.kernel = kernel;
        this.random = kernel.random().split();
    }

    /** Creates every process in order; the first thread of {@code debuggerKey} runs on processor 0. */
    void boot(List<ProcessSpec> specs, String debuggerKey) {
        long time = Kernel.BOOT_TIME;
        for (ProcessSpec spec : specs) {
            time += random.nextLong(5_000_000L, 90_000_000L);
            for (int gap = processIds.isEmpty() ? 0 : random.nextInt(0, 4); gap > 0; gap--) {
                kernel.cidTable().skip();   // threads that ran and exited in between
            }
            if (spec.exited()) {
                processIds.put(spec.key(), kernel.cidTable().skip());
                continue;
            }
            CreatedProcess created = kernel.processes().NtCreateUserProcess(createInfo(spec, time));
            processIds.put(spec.key(), created.processId());
            processes.put(spec.key(), created.eprocess());
            if (spec.key().equals("System")) {
                kernel.space().write64(kernel.ntSymbol("PsInitialSystemProcess"), created.eprocess());
            }
            if (spec.key().equals(debuggerKey)) {
                kernel.processors().setCurrentThread(0, created.threads().get(0));
            }
        }
        SystemClock.KeUpdateSystemTime(kernel, time + random.nextLong(10_000_000L, 30_000_000L));   // session starts
    }

    private ProcessCreateInfo createInfo(ProcessSpec spec, long createTime) {
        long parentId = spec.parent() == null ? 0 : processIds.get(spec.parent());
        long parent = spec.parent() == null ? 0 : processes.getOrDefault(spec.parent(), 0L);
        UserImage image = spec.imagePath() == null ? null
                : new UserImage(spec.imagePath(), imageBase(), spec.imageSize(), random.nextInt(),
                        Math.min(0x1f60, spec.imageSize() / 2) & -16L);
        String directory = spec.sessionId() > 0 ? "C:\\Users\\learner\\" : "C:\\Windows\\system32\\";
        return new ProcessCreateInfo(spec.imageFileName(), image, spec.commandLine(), parent, parentId,
                spec.sessionId(), spec.threads(), spec.handles(), spec.protection(), createTime, directory);
    }

    /** EXE images load at 00007ff6`xxxx0000 - 00007ff7`xxxx0000 under ASLR. */
    private long imageBase() {
        return 0x00007ff6_00000000L | (long) random.nextInt(0x2_0000) << 16;
    }
}
