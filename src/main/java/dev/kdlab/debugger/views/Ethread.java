package dev.kdlab.debugger.views;

import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.MemoryAccessException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A thread as commands read it: an {@code _ETHREAD} (its KTHREAD is {@code Tcb}, at offset 0) in
 * kernel memory, fields read by name through the target's catalog when asked
 * (layouts-19041/_ETHREAD.txt, _KTHREAD.txt).
 */
public final class Ethread {
    /** _KTHREAD_STATE values kdexts names specially. */
    public static final int READY = 1;
    public static final int RUNNING = 2;
    public static final int WAITING = 5;
    /** Header.Type of a thread object (_KOBJECTS ThreadObject). */
    public static final int THREAD_OBJECT = 6;

    private final Session session;
    private final StructView fields;

    private Ethread(Session session, long address) {
        this.session = session;
        this.fields = session.kernelStruct("_ETHREAD", address);
    }

    public static Ethread at(Session session, long address) {
        return new Ethread(session, address);
    }

    public long address() {
        return fields.address();
    }

    /** The owning process (KTHREAD.Process). */
    public long process() throws MemoryAccessException {
        return fields.get("Tcb.Process");
    }

    /** The process whose address space the thread is in now (ApcState.Process: the attached one, if any). */
    public long currentProcess() throws MemoryAccessException {
        return fields.get("Tcb.ApcState.Process");
    }

    public long processId() throws MemoryAccessException {
        return fields.get("Cid.UniqueProcess");
    }

    public long threadId() throws MemoryAccessException {
        return fields.get("Cid.UniqueThread");
    }

    /** The thread's description (ETHREAD.ThreadName, a _UNICODE_STRING * set by SetThreadDescription), or "". */
    public String name() throws MemoryAccessException {
        long name = fields.get("ThreadName");
        if (name == 0) {
            return "";
        }
        StructView string = session.kernelStruct("_UNICODE_STRING", name);
        int length = (int) string.get("Length");
        return length == 0 ? "" : new String(session.kernel().read(string.get("Buffer"), length),
                StandardCharsets.UTF_16LE);
    }

    public long teb() throws MemoryAccessException {
        return fields.get("Tcb.Teb");
    }

    public long win32Thread() throws MemoryAccessException {
        return fields.get("Tcb.Win32Thread");
    }

    public long win32StartAddress() throws MemoryAccessException {
        return fields.get("Win32StartAddress");
    }

    public long headerType() throws MemoryAccessException {
        return fields.get("Tcb.Header.Type");
    }

    /** KTHREAD.State (_KTHREAD_STATE). */
    public int state() throws MemoryAccessException {
        return (int) fields.get("Tcb.State");
    }

    public long waitReason() throws MemoryAccessException {
        return fields.get("Tcb.WaitReason");
    }

    public boolean waitsInUserMode() throws MemoryAccessException {
        return fields.get("Tcb.WaitMode") != 0;
    }

    public boolean alertable() throws MemoryAccessException {
        return fields.get("Tcb.Alertable") != 0;
    }

    public int nextProcessor() throws MemoryAccessException {
        return (int) fields.get("Tcb.NextProcessor");
    }

    /** The objects of the thread's wait blocks (WaitBlockList, WaitBlockCount of them). */
    public List<Long> waitObjects() throws MemoryAccessException {
        long blocks = fields.get("Tcb.WaitBlockList");
        long count = fields.get("Tcb.WaitBlockCount");
        long blockSize = session.type("_KWAIT_BLOCK").size();
        List<Long> objects = new ArrayList<>();
        for (int i = 0; i < count && blocks != 0; i++) {
            objects.add(session.kernelStruct("_KWAIT_BLOCK", blocks + blockSize * i).get("Object"));
        }
        return objects;
    }

    public boolean kernelStackResident() throws MemoryAccessException {
        return fields.get("Tcb.KernelStackResident") != 0;
    }

    /** Where SwapContext left the thread's switch frame (KTHREAD.KernelStack). */
    public long kernelStack() throws MemoryAccessException {
        return fields.get("Tcb.KernelStack");
    }

    public long initialStack() throws MemoryAccessException {
        return fields.get("Tcb.InitialStack");
    }

    public long stackBase() throws MemoryAccessException {
        return fields.get("Tcb.StackBase");
    }

    public long stackLimit() throws MemoryAccessException {
        return fields.get("Tcb.StackLimit");
    }

    /** The tick count when the thread last began to wait. */
    public long waitTime() throws MemoryAccessException {
        return fields.get("Tcb.WaitTime");
    }

    public long contextSwitches() throws MemoryAccessException {
        return fields.get("Tcb.ContextSwitches");
    }

    public long idealProcessor() throws MemoryAccessException {
        return fields.get("Tcb.IdealProcessor");
    }

    /** Run times, in clock ticks. */
    public long userTime() throws MemoryAccessException {
        return fields.get("Tcb.UserTime");
    }

    public long kernelTime() throws MemoryAccessException {
        return fields.get("Tcb.KernelTime");
    }

    public long priority() throws MemoryAccessException {
        return fields.get("Tcb.Priority");
    }

    public long basePriority() throws MemoryAccessException {
        return fields.get("Tcb.BasePriority");
    }

    public long ioPriority() throws MemoryAccessException {
        return fields.get("ThreadIoPriority");
    }

    public long pagePriority() throws MemoryAccessException {
        return fields.get("ThreadPagePriority");
    }

    /** Whether the object header in front of it says Thread. */
    public boolean isThreadObject() {
        return ObjectHeader.ofBody(session, address()).typeName().map("Thread"::equals).orElse(false);
    }
}
