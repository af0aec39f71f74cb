package dev.kdlab.scenario;

import dev.kdlab.kernel.ke.ThreadPlan;
import dev.kdlab.kernel.ke.ThreadRole;
import dev.kdlab.kernel.ke.WaitShape;

import dev.kdlab.kernel.image.SystemRoutine;

import java.util.Locale;
import java.util.Set;

/**
 * Picks each thread's role from its image name and its index in the process, so the machine's
 * waits follow the mix of the 19045 capture (machine-19045.md 6.3): UserRequest for about half of
 * the user threads, WrQueue for thread-pool workers and System's executive workers, Executive for
 * System, Registry and MemCompression loops, WrLpcReceive in csrss and lsass, Suspended for
 * suspended UWP apps, a few WrAlertByThreadId and DelayExecution waits. The choice is a fixed hash
 * of name and index, independent of the seed: the same program always has the same kind of threads.
 */
final class DesktopThreads implements ThreadPlan {
    private static final Set<String> SUSPENDED_APPS = Set.of("searchapp.exe", "startmenuexperiencehost.exe",
            "shellexperiencehost.exe", "yourphone.exe", "microsoft.photos.exe", "systemsettings.exe",
            "textinputhost.exe", "lockapp.exe", "searchui.exe", "windows.warp.jitservice.exe");
    private static final SystemRoutine[] SYSTEM_LOOPS = {SystemRoutine.MI_MODIFIED_PAGE_WRITER,
            SystemRoutine.MI_MAPPED_PAGE_WRITER, SystemRoutine.MI_STORE_EVICT_THREAD,
            SystemRoutine.MI_DEREFERENCE_SEGMENT_THREAD, SystemRoutine.KE_BALANCE_SET_MANAGER,
            SystemRoutine.KE_SWAP_PROCESS_OR_STACK, SystemRoutine.CC_QUEUE_LAZY_WRITE_SCAN_THREAD,
            SystemRoutine.EXP_WORKER_FACTORY_MANAGER_THREAD, SystemRoutine.POP_IRP_WORKER_CONTROL,
            SystemRoutine.ETWP_LOGGER};

    static final DesktopThreads PLAN = new DesktopThreads();

    private DesktopThreads() {
    }

    @Override
    public ThreadRole roleOf(String imageName, int index, boolean user) {
        String name = imageName.toLowerCase(Locale.ROOT);
        int roll = roll(name, index);
        if (!user) {
            return systemThread(name, index, roll);
        }
        if (index == 0) {
            return ThreadRole.user(SUSPENDED_APPS.contains(name) ? WaitShape.SUSPENDED : WaitShape.USER_SINGLE,
                    ThreadRole.Origin.MAIN);
        }
        if (SUSPENDED_APPS.contains(name)) {
            return roll < 85 ? ThreadRole.user(WaitShape.SUSPENDED, ThreadRole.Origin.THREAD) : pool();
        }
        switch (name) {
            case "csrss.exe":
                return roll < 45 ? own(WaitShape.ALPC_RECEIVE) : roll < 65 ? own(WaitShape.USER_MULTIPLE)
                        : roll < 85 ? own(WaitShape.USER_SINGLE) : pool();
            case "lsass.exe":
                return roll < 55 ? pool() : roll < 85 ? own(WaitShape.USER_SINGLE) : own(WaitShape.ALPC_RECEIVE);
            case "services.exe":
                return roll < 80 ? pool() : own(WaitShape.USER_SINGLE);
            default:
                return userThread(roll);
        }
    }

    private static ThreadRole systemThread(String name, int index, int roll) {
        if (name.equals("registry")) {
            return ThreadRole.system(WaitShape.SYSTEM_EVENT, SystemRoutine.CMP_LAZY_WRITE_WORKER);
        }
        if (name.equals("memcompression") || name.equals("memory compression")) {
            return ThreadRole.system(WaitShape.SYSTEM_EVENT, SystemRoutine.SM_KM_STORE_HELPER_WORKER);
        }
        if (roll < 41) {
            return ThreadRole.system(WaitShape.SYSTEM_WORKER, null);
        }
        if (roll < 44) {
            return ThreadRole.system(WaitShape.SYSTEM_FREE_PAGE, SystemRoutine.MI_ZERO_PAGE_THREAD);
        }
        SystemRoutine loop = SYSTEM_LOOPS[Math.floorMod(index * 7 + roll, SYSTEM_LOOPS.length)];
        return ThreadRole.system(roll < 45 ? WaitShape.SYSTEM_DELAY : WaitShape.SYSTEM_EVENT, loop);
    }

    private static ThreadRole userThread(int roll) {
        // S1's user threads: about 53 % UserRequest, 26 % WrQueue (pool workers and IOCP waits).
        if (roll < 25) {
            return pool();
        }
        if (roll < 68) {
            return own(WaitShape.USER_SINGLE);
        }
        if (roll < 84) {
            return own(WaitShape.USER_MULTIPLE);
        }
        if (roll < 89) {
            return own(WaitShape.IO_COMPLETION);
        }
        if (roll < 96) {
            return own(WaitShape.ALERT_BY_THREAD_ID);
        }
        return own(WaitShape.DELAY);
    }

    private static ThreadRole pool() {
        return ThreadRole.user(WaitShape.WORKER_FACTORY, ThreadRole.Origin.POOL);
    }

    private static ThreadRole own(WaitShape shape) {
        return ThreadRole.user(shape, ThreadRole.Origin.THREAD);
    }

    /** 0-99 from name and index: a fixed mix (SplitMix64's finaliser) so neighbouring indexes differ. */
    static int roll(String name, int index) {
        long z = name.hashCode() * 0x9e3779b97f4a7c15L + index * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z ^= z >>> 31;
        return (int) Math.floorMod(z, 100L);
    }
}
