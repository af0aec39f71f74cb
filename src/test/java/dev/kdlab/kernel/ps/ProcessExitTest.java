package dev.kdlab.kernel.ps;

import dev.kdlab.kernel.ex.Pool;
import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.kernel.ob.ObjectTypeIndex;
import dev.kdlab.kernel.ps.ProcessManager.CreatedProcess;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeCatalog;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short-lived process, stage by stage, by the bytes each stage leaves: inserted (on the active
 * and session lists), exited (exit time and status, no handle table), deleted (off both lists with
 * its own links left as they were, its object and audit name freed in pool, one Process object fewer).
 */
class ProcessExitTest {
    private static final TypeCatalog TYPES = TypeCatalog.nt();
    private static final StructType EPROCESS = TYPES.struct("_EPROCESS");
    private static final long MINUTE = 60L * 10_000_000;

    private final Kernel kernel = DefaultMachine.bootKernel(DefaultMachine.DEFAULT_SEED);
    private final VirtualMemory memory = kernel.space().memory();

    private long field(long eprocess, String path) throws MemoryAccessException {
        var f = EPROCESS.path(path);
        return memory.readUnsigned(eprocess + f.offset(), (int) Math.min(8, f.field().type().size()));
    }

    private List<Long> list(long head) throws MemoryAccessException {
        List<Long> entries = new ArrayList<>();
        for (long entry = memory.readLong(head); entry != head; entry = memory.readLong(entry)) {
            entries.add(entry);
        }
        return entries;
    }

    private long processCount() throws MemoryAccessException {
        long type = kernel.objects().typeObject(ObjectTypeIndex.PROCESS);
        return memory.readInt(type + TYPES.struct("_OBJECT_TYPE").offsetOf("TotalNumberOfObjects"));
    }

    private int poolType(long address) throws MemoryAccessException {
        return (int) (memory.readInt(address - 0x10) >>> 24);   // _POOL_HEADER.PoolType, the first ULONG's top byte
    }

    @Test
    void aShortLivedProcessIsInsertedThenExitsThenIsDeleted() throws Exception {
        CreatedProcess winlogon = kernel.processes().createdProcesses().stream()
                .filter(p -> p.info().imageFileName().equals("winlogon.exe")).findFirst().orElseThrow();
        long created = Kernel.BOOT_TIME + 30 * MINUTE;
        ProcessCreateInfo info = ProcessCreateInfo.builder("LogonUI.exe").session(1)
                .parent(winlogon.eprocess(), winlogon.processId()).createTime(created).build();
        long processes = processCount();
        long pid = kernel.cidTable().skip();
        ProcessExit exits = kernel.processes().exits();

        long e = exits.PspInsertShortLivedProcess(info, "C:\\Windows\\System32\\LogonUI.exe", pid);
        long links = e + EPROCESS.offsetOf("ActiveProcessLinks");
        long sessionLinks = e + EPROCESS.offsetOf("SessionProcessLinks");
        long session = field(e, "Session");
        long sessionList = session + TYPES.struct("_MM_SESSION_SPACE").offsetOf("ProcessList");
        assertThat(list(kernel.activeProcessHead())).endsWith(links);
        assertThat(list(sessionList)).endsWith(sessionLinks);
        assertThat(field(e, "UniqueProcessId")).isEqualTo(pid);
        assertThat(field(e, "CreateTime")).isEqualTo(created);
        assertThat(field(e, "ExitTime")).isZero();
        assertThat(processCount()).isEqualTo(processes + 1);

        exits.PspExitProcess(e, created + MINUTE, 0xc000013aL);
        assertThat(field(e, "ExitTime")).isEqualTo(created + MINUTE);
        assertThat(field(e, "ExitStatus")).isEqualTo(0xc000013aL);
        assertThat(field(e, "ObjectTable")).isZero();
        assertThat(list(kernel.activeProcessHead())).as("an exited process still referenced stays listed").contains(links);

        long previous = memory.readLong(links + 8);
        long auditName = field(e, "SeAuditProcessCreationInfo.ImageFileName");
        exits.PspProcessDelete(e);
        assertThat(list(kernel.activeProcessHead())).doesNotContain(links);
        assertThat(list(sessionList)).doesNotContain(sessionLinks);
        assertThat(memory.readLong(links + 8)).as("the entry keeps its old links").isEqualTo(previous);
        assertThat(processCount()).isEqualTo(processes);
        assertThat(poolType(e - 0x30 - 0x30)).as("the Proc block is free").isZero();
        assertThat(memory.readInt(e - 0x30 - 0x30 - 0x10 + 4)).as("and keeps its tag").isEqualTo((int) Pool.tagValue("Proc"));
        assertThat(poolType(auditName)).as("the audit name is freed").isZero();
        assertThat(new String(memory.read(e + EPROCESS.offsetOf("ImageFileName"), 11))).isEqualTo("LogonUI.exe");
    }
}
