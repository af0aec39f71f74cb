package dev.kdlab.kernel.ps;

import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.kernel.ob.ObjectTypeIndex;

import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.memory.SparseRam;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Cross-checks by bytes over every process and thread the default machine created. */
class ProcessCreationTest {
    private static final TypeCatalog TYPES = TypeCatalog.nt();
    private static final StructType EPROCESS = TYPES.struct("_EPROCESS");
    private static final StructType ETHREAD = TYPES.struct("_ETHREAD");
    private static Kernel kernel;
    private static VirtualMemory memory;

    @BeforeAll
    static void boot() {
        kernel = DefaultMachine.bootKernel(DefaultMachine.DEFAULT_SEED);
        memory = kernel.space().memory();
    }

    private static List<Long> walk(long head, long linkOffset) throws MemoryAccessException {
        List<Long> items = new ArrayList<>();
        for (long link = memory.readLong(head); link != head; link = memory.readLong(link)) {
            items.add(link - linkOffset);
            assertThat(memory.readLong(memory.readLong(link) + 8)).as("Blink of the next entry").isEqualTo(link);
        }
        return items;
    }

    private static List<Long> processes() throws MemoryAccessException {
        return walk(kernel.activeProcessHead(), EPROCESS.offsetOf("ActiveProcessLinks"));
    }

    @Test
    void threadListsAgreeWithActiveThreadsAndPointBackAtTheirProcess() throws Exception {
        int threads = 0;
        for (long eprocess : processes()) {
            List<Long> executive = walk(eprocess + EPROCESS.offsetOf("ThreadListHead"), ETHREAD.offsetOf("ThreadListEntry"));
            List<Long> kernelList = walk(eprocess + EPROCESS.offsetOf("Pcb.ThreadListHead"),
                    ETHREAD.offsetOf("Tcb.ThreadListEntry"));
            assertThat(executive).isEqualTo(kernelList);
            assertThat(memory.readInt(eprocess + EPROCESS.offsetOf("ActiveThreads"))).isEqualTo(executive.size());
            long pid = memory.readLong(eprocess + EPROCESS.offsetOf("UniqueProcessId"));
            for (long ethread : executive) {
                assertThat(memory.readLong(ethread + ETHREAD.offsetOf("Tcb.ApcState.Process"))).isEqualTo(eprocess);
                assertThat(memory.readLong(ethread + ETHREAD.offsetOf("Tcb.Process"))).isEqualTo(eprocess);
                assertThat(memory.readLong(ethread + ETHREAD.offsetOf("Cid.UniqueProcess"))).isEqualTo(pid);
                threads++;
            }
        }
        assertThat(threads).isGreaterThan(300);
    }

    @Test
    void everyTebNamesItsThreadsClientIdAndPeb() throws Exception {
        for (long eprocess : processes()) {
            long peb = memory.readLong(eprocess + EPROCESS.offsetOf("Peb"));
            AddressSpace user = new AddressSpace(kernel.space().physical(),
                    memory.readLong(eprocess + EPROCESS.offsetOf("Pcb.DirectoryTableBase")));
            for (long ethread : walk(eprocess + EPROCESS.offsetOf("ThreadListHead"), ETHREAD.offsetOf("ThreadListEntry"))) {
                long teb = memory.readLong(ethread + ETHREAD.offsetOf("Tcb.Teb"));
                if (peb == 0) {
                    assertThat(teb).isZero();
                    continue;
                }
                StructType tebType = TYPES.struct("_TEB");
                assertThat(user.readLong(teb + tebType.offsetOf("ClientId.UniqueThread")))
                        .isEqualTo(memory.readLong(ethread + ETHREAD.offsetOf("Cid.UniqueThread")));
                assertThat(user.readLong(teb + tebType.offsetOf("ProcessEnvironmentBlock"))).isEqualTo(peb);
                assertThat(user.readLong(teb + tebType.offsetOf("NtTib.Self"))).isEqualTo(teb);
            }
        }
    }

    @Test
    void pspCidTableResolvesEveryPidAndTid() throws Exception {
        long table = memory.readLong(kernel.ntSymbol("PspCidTable"));
        long tableCode = memory.readLong(table + TYPES.struct("_HANDLE_TABLE").offsetOf("TableCode"));
        assertThat(tableCode & 3).as("a two-level table: more than 256 ids").isEqualTo(1);
        for (long eprocess : processes()) {
            assertThat(lookup(tableCode, memory.readLong(eprocess + EPROCESS.offsetOf("UniqueProcessId")))).isEqualTo(eprocess);
            for (long ethread : walk(eprocess + EPROCESS.offsetOf("ThreadListHead"), ETHREAD.offsetOf("ThreadListEntry"))) {
                assertThat(lookup(tableCode, memory.readLong(ethread + ETHREAD.offsetOf("Cid.UniqueThread")))).isEqualTo(ethread);
            }
        }
    }

    private static long lookup(long tableCode, long cid) throws MemoryAccessException {
        long index = cid / 4;
        long page = memory.readLong((tableCode & ~3L) + 8 * (index / 256));
        long low = memory.readLong(page + 16 * (index % 256));
        return (low >> 20) << 4;
    }

    @Test
    void objectHeadersEncodeTheProcessTypeIndexWithTheCookie() throws Exception {
        int cookie = memory.readByte(kernel.ntSymbol("ObHeaderCookie"));
        for (long eprocess : processes()) {
            long header = eprocess - 0x30;
            int stored = memory.readByte(header + TYPES.struct("_OBJECT_HEADER").offsetOf("TypeIndex"));
            assertThat(stored ^ cookie ^ (int) ((header >>> 8) & 0xff)).isEqualTo(ObjectTypeIndex.PROCESS);
            assertThat(memory.readInt(eprocess - 0x70 + 4)).as("pool tag").isEqualTo(0x636f7250L);
        }
    }

    @Test
    void kernelHalfIsSharedAndTheSelfMapPointsHome() throws Exception {
        long systemPml4 = kernel.plan().systemDirectoryTableBase();
        int selfMap = kernel.plan().selfMapIndex();
        assertThat(selfMap).isBetween(0x100, 0x1fe);
        for (long eprocess : processes()) {
            long pml4 = memory.readLong(eprocess + EPROCESS.offsetOf("Pcb.DirectoryTableBase"));
            assertThat(kernel.space().physical().readLong(pml4 + 8L * selfMap) & 0xffffffffff000L).isEqualTo(pml4);
            assertThat(kernel.space().physical().readLong(pml4 + 8L * 0x1f0))
                    .isEqualTo(kernel.space().physical().readLong(systemPml4 + 8L * 0x1f0));
        }
    }

    @Test
    void theKernelImageCarriesAnRsdsRecordForNtkrnlmp() throws Exception {
        long base = kernel.plan().kernelBase();
        assertThat(memory.readShort(base)).isEqualTo(0x5a4d);
        assertThat(base & 0x1fffff).isZero();
        assertThat(Long.toHexString(base)).startsWith("fffff80");
        byte[] rsds = memory.read(base + 0x440, 24 + 13);
        assertThat(new String(rsds, 0, 4)).isEqualTo("RSDS");
        assertThat(new String(rsds, 24, 12)).isEqualTo("ntkrnlmp.pdb");
    }

    @Test
    void sameSeedSameBytes() throws Exception {
        Kernel again = DefaultMachine.bootKernel(DefaultMachine.DEFAULT_SEED);
        assertThat(again.plan().kernelBase()).isEqualTo(kernel.plan().kernelBase());
        long head = again.activeProcessHead();
        assertThat(again.space().memory().read(head, 16)).isEqualTo(memory.read(head, 16));
        assertThat(((SparseRam) again.space().physical()).touchedFrames())
                .isEqualTo(((SparseRam) kernel.space().physical()).touchedFrames());
        Kernel other = DefaultMachine.bootKernel(7);
        assertThat(other.plan().kernelBase()).isNotEqualTo(kernel.plan().kernelBase());
    }
}
