package dev.kdlab.kernel.init;

import dev.kdlab.kernel.image.UserCode;
import dev.kdlab.kernel.ke.SystemClock;
import dev.kdlab.kernel.mm.SharedUserData;
import dev.kdlab.kernel.ps.ProcessManager;

import dev.kdlab.debugger.Debugger;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.scenario.LiveTargets;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The settled machine by bytes: waits linked into their objects, stacks inside their bounds, times adding up. */
class ThreadActivityTest {
    private static final StructType KTHREAD = TypeCatalog.nt().struct("_KTHREAD");
    private static final StructType EPROCESS = TypeCatalog.nt().struct("_EPROCESS");
    private static Kernel kernel;
    private static VirtualMemory memory;

    @BeforeAll
    static void boot() {
        kernel = DefaultMachine.bootKernel(DefaultMachine.DEFAULT_SEED);
        memory = kernel.space().memory();
    }

    private static long field(long address, String path, int size) throws MemoryAccessException {
        return memory.readUnsigned(address + KTHREAD.offsetOf(path), size);
    }

    @Test
    void everyWaitBlockIsOnItsObjectsWaitListAndEveryStackInsideItsBounds() throws Exception {
        int waiting = 0;
        for (ProcessManager.CreatedProcess process : kernel.processes().createdProcesses()) {
            long kernelTime = 0;
            for (long thread : process.threads()) {
                kernelTime += field(thread, "KernelTime", 4);
                long init = field(thread, "InitialStack", 8);
                long limit = field(thread, "StackLimit", 8);
                assertThat(field(thread, "StackBase", 8) - init).isEqualTo(0x9b0);
                if (field(thread, "State", 1) != 5) {
                    continue;
                }
                waiting++;
                long kernelStack = field(thread, "KernelStack", 8);
                assertThat(kernelStack).isBetween(limit, init - 0x40);
                long blocks = field(thread, "WaitBlockList", 8);
                for (int i = 0; i < field(thread, "WaitBlockCount", 1); i++) {
                    long block = blocks + 0x30L * i;
                    long object = memory.readLong(block + 0x20);
                    assertThat(memory.readLong(block + 0x18)).isEqualTo(thread);
                    assertThat(waitList(object)).contains(block);
                }
            }
            assertThat(memory.readUnsigned(process.eprocess() + EPROCESS.offsetOf("Pcb.KernelTime"), 4))
                    .isEqualTo(kernelTime);
        }
        assertThat(waiting).isGreaterThan(200);
    }

    private static List<Long> waitList(long object) throws MemoryAccessException {
        List<Long> entries = new ArrayList<>();
        long head = object + 8;   // _DISPATCHER_HEADER.WaitListHead
        for (long link = memory.readLong(head); link != head && entries.size() < 10_000; link = memory.readLong(link)) {
            entries.add(link);
        }
        return entries;
    }

    @Test
    void theClockMovedOnAndEveryProcessorRunsOneThread() throws Exception {
        long ticks = memory.readLong(SharedUserData.KERNEL_ADDRESS + 0x320);
        long systemTime = memory.readLong(SharedUserData.KERNEL_ADDRESS + 0x14);
        assertThat(systemTime - Kernel.BOOT_TIME).isEqualTo(memory.readLong(SharedUserData.KERNEL_ADDRESS + 0x8));
        assertThat(ticks).isEqualTo((systemTime - Kernel.BOOT_TIME) / SystemClock.TICK);
        for (int cpu = 0; cpu < kernel.processorCount(); cpu++) {
            long current = kernel.processors().currentThread(cpu);
            assertThat(field(current, "State", 1)).isEqualTo(2);
            assertThat(field(current, "NextProcessor", 4)).isEqualTo(cpu);
            long rip = memory.readLong(kernel.processors().prcb(cpu) + 0x100 + 0xf0 + 0xf8);   // ProcessorState.ContextFrame.Rip
            assertThat(rip).isEqualTo(kernel.ntSymbol(cpu == 0 ? "KdpCopyMemoryChunks" : "PoIdle") + (cpu == 0 ? 0x7c : 0x33a));
        }
        assertThat(field(kernel.processors().idleThread(0), "State", 1)).isEqualTo(1);   // Ready: CPU 0 runs kd
        assertThat(memory.readLong(kernel.processors().prcb(0) + 0x10)).isZero();        // and has no NextThread
    }

    @Test
    void aThreadCreatedAfterSettlingStartsFromKeInitThreadsFrames() {
        ProcessManager.CreatedProcess cmd = kernel.processes().createdProcesses().stream()
                .filter(p -> p.image() != null && p.image().baseName().equals("cmd.exe")).findFirst().orElseThrow();
        long thread = kernel.processes().PspCreateThread(cmd, false, cmd.info().createTime() + 1_000_000);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Debugger debugger = new Debugger(LiveTargets.of(kernel), new PrintStream(text, true, StandardCharsets.UTF_8));
        debugger.execute(".process /p " + Long.toHexString(cmd.eprocess()));
        text.reset();
        debugger.execute("!thread " + Long.toHexString(thread));
        String[] lines = text.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).endsWith(" READY on processor 0");
        assertThat(lines[lines.length - 3]).endsWith(": nt!KiStartUserThread+0x4");
        assertThat(lines[lines.length - 2]).contains(": nt!KiStartUserThreadReturn (TrapFrame @ ");
        assertThat(lines[lines.length - 1]).endsWith(": ntdll!RtlUserThreadStart");
        assertThat(lines).contains("Win32 Start Address cmd!ThreadProc (0x" + String.format("%016x",
                cmd.image().base() + UserCode.exe(cmd.image()).orElseThrow().rvaOf("ThreadProc")) + ")");
    }
}
