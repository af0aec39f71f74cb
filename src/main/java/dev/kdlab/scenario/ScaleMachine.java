package dev.kdlab.scenario;

import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.kernel.se.Account;
import dev.kdlab.target.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A machine to measure the emulator and the debugger at scale: the default desktop plus enough
 * browser tabs, service hosts and helpers to make exactly {@link #PROCESSES} processes and
 * {@link #THREADS} threads. Same seed, same machine.
 */
public final class ScaleMachine {
    public static final int PROCESSES = 10_000;
    public static final int THREADS = 100_000;
    /** 32 GB: a machine running 100,000 threads has the RAM for their stacks. */
    public static final long RAM_SIZE = 32L << 30;

    private static final String SYSTEM32 = "C:\\Windows\\System32\\";

    /** Image, path, size, parent key, session, account (null: inherit): the kinds of process added. */
    private record Kind(String path, long size, String parent, int session, Account account) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", 0x2a9000, "explorer", 1, null),
            new Kind("C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe", 0x3b0000, "explorer", 1, null),
            new Kind(SYSTEM32 + "svchost.exe", 0x10000, "services", 0, null),
            new Kind(SYSTEM32 + "svchost.exe", 0x10000, "services", 0, Account.LOCAL_SERVICE),
            new Kind(SYSTEM32 + "RuntimeBroker.exe", 0xf4000, "svchost-dcom", 1, Account.DESKTOP_USER),
            new Kind(SYSTEM32 + "dllhost.exe", 0x8000, "svchost-dcom", 1, Account.DESKTOP_USER),
            new Kind(SYSTEM32 + "conhost.exe", 0xd2000, "cmd", 1, null),
            new Kind(SYSTEM32 + "backgroundTaskHost.exe", 0x11000, "svchost-dcom", 1, Account.DESKTOP_USER));

    private ScaleMachine() {
    }

    /** One process of each kind the scale machine adds (for the symbol server: their EXEs' code). */
    static List<ProcessSpec> kinds() {
        return KINDS.stream().map(kind -> ProcessSpec.process(kind.path(), kind.path(), kind.size()).build()).toList();
    }

    /** The default machine's processes, then generated ones until the counts are reached. */
    public static List<ProcessSpec> processes(long seed) {
        List<ProcessSpec> specs = new ArrayList<>(DefaultMachine.PROCESSES);
        int processes = 0;
        int threads = 0;
        for (ProcessSpec spec : specs) {
            if (!spec.exited()) {
                processes++;
                threads += spec.threads();
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        int toAdd = PROCESSES - processes;
        int threadsLeft = THREADS - threads;
        for (int i = 0; i < toAdd; i++) {
            Kind kind = KINDS.get(random.nextInt(KINDS.size()));
            int average = threadsLeft / (toAdd - i);
            int count = i == toAdd - 1 ? threadsLeft : Math.max(1, average + random.nextInt(-average / 2, average / 2 + 1));
            threadsLeft -= count;
            String key = String.format("scale-%05d", i);
            ProcessSpec.Builder spec = ProcessSpec.process(key, kind.path(), kind.size())
                    .commandLine("\"" + kind.path() + "\" --instance=" + i)
                    .parent(kind.parent()).session(kind.session()).as(kind.account())
                    .counts(count, 0);   // handles: what each one's loader opens, no more
            specs.add((kind.parent().equals("services") ? spec.service() : spec).build());
        }
        return List.copyOf(specs);
    }

    public static Target boot(long seed) {
        return LiveTargets.of(bootKernel(seed));
    }

    public static Kernel bootKernel(long seed) {
        Kernel kernel = new Kernel(seed, DefaultMachine.PROCESSORS, RAM_SIZE, DesktopThreads.PLAN);
        new ScenarioBooter(kernel).boot(processes(seed), "kd");
        return kernel;
    }
}
