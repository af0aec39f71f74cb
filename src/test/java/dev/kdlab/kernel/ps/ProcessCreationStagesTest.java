package dev.kdlab.kernel.ps;

import dev.kdlab.kernel.image.UserImage;
import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.kernel.ldr.Loader;
import dev.kdlab.kernel.se.Account;
import dev.kdlab.kernel.se.Sid;

import dev.kdlab.kernel.ps.ProcessManager.CreatedProcess;
import dev.kdlab.kernel.ps.ProcessManager.NewProcess;
import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's order, made visible: one new process (calc.exe, started by SearchApp, which runs in a
 * job) goes through NtCreateUserProcess one named stage at a time on a booted machine. After each
 * stage the fields that stage sets hold their values, and the fields of every later stage are
 * still zero (Windows Internals ch. 3: 3A-3F, then the thread, then the loader).
 */
class ProcessCreationStagesTest {
    private static final TypeCatalog TYPES = TypeCatalog.nt();
    private static final StructType EPROCESS = TYPES.struct("_EPROCESS");
    private static final long FORTY_MINUTES = 40L * 60 * 10_000_000;

    /** The EPROCESS fields each stage sets, in stage order. */
    private static final Map<String, List<String>> STAGE_FIELDS = new LinkedHashMap<>();

    static {
        STAGE_FIELDS.put("3A", List.of("InheritedFromUniqueProcessId", "ExitStatus", "CreateTime", "PriorityClass",
                "Token", "QuotaBlock", "Vm.Instance.MinimumWorkingSetSize", "Vm.Instance.MaximumWorkingSetSize",
                "SeAuditProcessCreationInfo.ImageFileName", "ObjectTable", "Session", "Flags2", "Flags3",
                "ThreadListHead.Flink", "DefaultIoPriority"));
        STAGE_FIELDS.put("3B", List.of("CommitCharge", "MmProcessLinks.Flink"));
        STAGE_FIELDS.put("3C", List.of("Pcb.Header.Type", "Pcb.DirectoryTableBase", "Pcb.ThreadListHead.Flink",
                "Pcb.BasePriority", "Pcb.QuantumReset", "Pcb.Affinity.Count", "Pcb.ProcessListEntry.Flink"));
        STAGE_FIELDS.put("3D", List.of("SectionBaseAddress", "SectionObject", "Vm.Instance.VmWorkingSetList",
                "Vm.Instance.LastTrimStamp", "Vm.Instance.WorkingSetSize", "VirtualSize", "AddressSpaceInitialized",
                "HasAddressSpace", "ProcessInSession"));
        STAGE_FIELDS.put("3E", List.of("Peb"));
        STAGE_FIELDS.put("3F", List.of("UniqueProcessId", "ActiveProcessLinks.Flink", "SessionProcessLinks.Flink",
                "Job", "ProcessInserted", "CreateReported"));
        STAGE_FIELDS.put("4", List.of("ActiveThreads", "ActiveThreadsHighWatermark"));
    }

    private Kernel kernel;
    private VirtualMemory memory;
    private ProcessManager pm;
    private CreatedProcess parent;
    private ProcessCreateInfo info;
    private UserImage calc;

    @BeforeEach
    void bootAndPrepare() {
        kernel = DefaultMachine.bootKernel(DefaultMachine.DEFAULT_SEED);
        memory = kernel.space().memory();
        pm = kernel.processes();
        parent = pm.createdProcesses().stream().filter(p -> p.info().imageFileName().equals("SearchApp.exe"))
                .findFirst().orElseThrow();
        calc = new UserImage("C:\\Windows\\System32\\calc.exe", 0x00007ff6_12340000L, 0x1b000, 0x5a5a5a5a, 0x1a50);
        info = ProcessCreateInfo.builder("calc.exe")
                .image(calc, List.of(kernel.knownDlls().get("USER32.dll"), kernel.knownDlls().get("SHELL32.dll")))
                .commandLine("\"C:\\Windows\\System32\\calc.exe\"", "C:\\Users\\learner\\")
                .parent(parent.eprocess(), parent.processId())
                .session(1)
                .counts(1, 12)
                .createTime(Kernel.BOOT_TIME + FORTY_MINUTES)
                .build();
    }

    private long field(long eprocess, String path) throws MemoryAccessException {
        var f = EPROCESS.path(path);
        if (f.field().isBitfield()) {
            return memory.readUnsigned(eprocess + f.offset(), f.field().bitfieldUnitBytes()) >>> f.field().bitPosition()
                    & f.field().bitMask();
        }
        return memory.readUnsigned(eprocess + f.offset(), (int) f.field().type().size());
    }

    /** Every field of stages up to {@code done} is set; every field of the stages after it is zero. */
    private void stagesSoFar(long eprocess, String done) throws MemoryAccessException {
        boolean later = false;
        for (Map.Entry<String, List<String>> stage : STAGE_FIELDS.entrySet()) {
            for (String path : stage.getValue()) {
                if (later) {
                    assertThat(field(eprocess, path)).as("%s (stage %s) after %s", path, stage.getKey(), done).isZero();
                } else {
                    assertThat(field(eprocess, path)).as("%s (stage %s) after %s", path, stage.getKey(), done).isNotZero();
                }
            }
            later |= stage.getKey().equals(done);
        }
    }

    private long global(String name) throws MemoryAccessException {
        return memory.readLong(kernel.ntSymbol(name));
    }

    private String unicode(VirtualMemory space, long unicodeString) throws MemoryAccessException {
        int length = space.readShort(unicodeString);
        return new String(space.read(space.readLong(unicodeString + 8), length), StandardCharsets.UTF_16LE);
    }

    @Test
    void eachStageSetsItsFieldsAndNoLaterOnes() throws Exception {
        long committedBefore = global("MmTotalCommittedPages");
        long processCommitBefore = global("MmProcessCommit");
        long parentToken = field(parent.eprocess(), "Token") & ~0xfL;

        // 3A: the executive object; no address space, no PID yet.
        NewProcess process = pm.PspSetupProcess(info);
        long e = process.eprocess();
        stagesSoFar(e, "3A");
        assertThat(field(e, "InheritedFromUniqueProcessId")).isEqualTo(parent.processId());
        assertThat(field(e, "ExitStatus")).isEqualTo(0x103);   // STATUS_PENDING
        assertThat(field(e, "CreateTime")).isEqualTo(Kernel.BOOT_TIME + FORTY_MINUTES);
        assertThat(field(e, "PriorityClass")).isEqualTo(2);   // Normal: the parent is not Idle/BelowNormal
        assertThat(field(e, "Vm.Instance.MinimumWorkingSetSize")).isEqualTo(global("PspMinimumWorkingSet")).isEqualTo(50);
        assertThat(field(e, "Vm.Instance.MaximumWorkingSetSize")).isEqualTo(global("PspMaximumWorkingSet")).isEqualTo(345);
        assertThat(field(e, "QuotaBlock")).isEqualTo(field(parent.eprocess(), "QuotaBlock"));
        assertThat(memory.read(e + EPROCESS.offsetOf("ImageFileName"), 9)).isEqualTo("calc.exe\0".getBytes());
        assertThat(unicode(memory, field(e, "SeAuditProcessCreationInfo.ImageFileName")))
                .isEqualTo("\\Device\\HarddiskVolume3\\Windows\\System32\\calc.exe");
        StructType token = TYPES.struct("_TOKEN");
        long newToken = field(e, "Token") & ~0xfL;
        assertThat(newToken).isNotEqualTo(parentToken);   // SeSubProcessToken: a copy, not the parent's
        assertThat(memory.readInt(newToken + token.offsetOf("ParentTokenId")))
                .isEqualTo(memory.readInt(parentToken + token.offsetOf("TokenId")));
        assertThat(memory.readInt(newToken + token.offsetOf("AuthenticationId")))
                .isEqualTo(memory.readInt(parentToken + token.offsetOf("AuthenticationId")));
        assertThat(memory.readLong(newToken + token.offsetOf("Privileges.Present"))).isEqualTo(0x6_0288_0000L);
        long userSid = memory.readLong(memory.readLong(newToken + token.offsetOf("UserAndGroups")));
        long parentSid = memory.readLong(memory.readLong(parentToken + token.offsetOf("UserAndGroups")));
        assertThat(userSid).as("the copy's SIDs live in the copy").isBetween(newToken, newToken + 0x1000);
        assertThat(memory.read(userSid, 28)).isEqualTo(memory.read(parentSid, 28));
        assertThat(memory.readLong(newToken + token.offsetOf("VariablePart"))).isEqualTo(userSid);
        assertThat(global("MmTotalCommittedPages")).isEqualTo(committedBefore);

        // 3B: the page directory, hyperspace, VAD bitmap and working set list pages, charged.
        pm.MmCreateProcessAddressSpace(process);
        stagesSoFar(e, "3B");
        assertThat(field(e, "CommitCharge")).isEqualTo(4);
        assertThat(global("MmTotalCommittedPages")).isEqualTo(committedBefore + 4);
        assertThat(global("MmProcessCommit")).isEqualTo(processCommitBefore + 4);
        assertThat(memory.readLong(kernel.ntSymbol("MmProcessList") + 8)).isEqualTo(e + EPROCESS.offsetOf("MmProcessLinks"));
        long pml4 = process.directoryTableBase;
        int selfMap = kernel.plan().selfMapIndex();
        assertThat(kernel.space().physical().readLong(pml4 + 8L * selfMap) & 0xffffffffff000L).isEqualTo(pml4);
        assertThat(new AddressSpace(kernel.space().physical(), pml4).isReadable(kernel.plan().hyperSpace() + 0x1000)).isTrue();
        assertThat(memory.isReadable(kernel.plan().hyperSpace() + 0x1000)).as("hyperspace is per process").isFalse();

        // 3C: KeInitializeProcess.
        pm.KeInitializeProcess(process);
        stagesSoFar(e, "3C");
        assertThat(field(e, "Pcb.Header.Type")).isEqualTo(3);
        assertThat(field(e, "Pcb.DirectoryTableBase")).isEqualTo(pml4);
        assertThat(field(e, "Pcb.ThreadListHead.Flink")).isEqualTo(e + EPROCESS.offsetOf("Pcb.ThreadListHead"));
        assertThat(field(e, "Pcb.BasePriority")).isEqualTo(8);
        assertThat(field(e, "Pcb.QuantumReset")).isEqualTo(6);
        assertThat(field(e, "Pcb.StackCount.State")).as("ProcessInMemory").isZero();
        assertThat(memory.read(e + EPROCESS.offsetOf("Pcb.Affinity"), 0xa8))
                .isEqualTo(memory.read(parent.eprocess() + EPROCESS.offsetOf("Pcb.Affinity"), 0xa8));
        assertThat(memory.readLong(e + EPROCESS.offsetOf("Pcb.Affinity.Bitmap"))).isEqualTo(0xf);
        assertThat(memory.readLong(kernel.ntSymbol("KiProcessListHead") + 8))
                .isEqualTo(e + EPROCESS.offsetOf("Pcb.ProcessListEntry"));

        // 3D: the image and ntdll in the new address space, the working set list.
        pm.MmInitializeProcessAddressSpace(process);
        stagesSoFar(e, "3D");
        VirtualMemory user = process.user().memory();
        assertThat(field(e, "SectionBaseAddress")).isEqualTo(calc.base());
        assertThat(user.readShort(calc.base())).isEqualTo(0x5a4d);
        assertThat(user.readShort(kernel.ntdll().base())).isEqualTo(0x5a4d);
        assertThat(user.isReadable(kernel.knownDlls().get("USER32.dll").base())).as("the loader maps the rest").isFalse();
        assertThat(field(e, "Vm.Instance.VmWorkingSetList")).isEqualTo(kernel.plan().hyperSpace() + 0x1000);
        assertThat(field(e, "Vm.Instance.LastTrimStamp")).isEqualTo(FORTY_MINUTES / 156_250 & 0xffff);
        assertThat(field(e, "AddressSpaceInitialized")).isEqualTo(3);

        // 3E: the PEB and the process parameters; no loader data yet.
        pm.MmCreatePeb(process);
        stagesSoFar(e, "3E");
        StructType peb = TYPES.struct("_PEB");
        long pebAddress = field(e, "Peb");
        assertThat(user.readLong(pebAddress + peb.offsetOf("ImageBaseAddress"))).isEqualTo(calc.base());
        assertThat(user.readInt(pebAddress + peb.offsetOf("NumberOfProcessors"))).isEqualTo(4);
        assertThat(user.readShort(pebAddress + peb.offsetOf("OSBuildNumber"))).isEqualTo(19045);
        assertThat(user.readInt(pebAddress + peb.offsetOf("SessionId"))).isEqualTo(1);
        assertThat(user.readLong(pebAddress + peb.offsetOf("AnsiCodePageData"))).isNotZero();
        long parameters = user.readLong(pebAddress + peb.offsetOf("ProcessParameters"));
        assertThat(unicode(user, parameters + TYPES.struct("_RTL_USER_PROCESS_PARAMETERS").offsetOf("CommandLine")))
                .isEqualTo("\"C:\\Windows\\System32\\calc.exe\"");
        assertThat(user.readLong(pebAddress + peb.offsetOf("Ldr"))).isZero();
        assertThat(user.readLong(pebAddress + peb.offsetOf("ProcessHeap"))).isZero();
        assertThat(field(e, "CommitCharge")).isGreaterThan(4);

        // 3F: visible at last: PID, active list, session list, the parent's job.
        long jobBefore = field(parent.eprocess(), "Job");
        StructType job = TYPES.struct("_EJOB");
        long activeInJob = memory.readInt(jobBefore + job.offsetOf("ActiveProcesses"));
        pm.PspInsertProcess(process);
        stagesSoFar(e, "3F");
        long pid = field(e, "UniqueProcessId");
        assertThat(pid % 4).isZero();
        assertThat(memory.readLong(kernel.activeProcessHead() + 8)).isEqualTo(e + EPROCESS.offsetOf("ActiveProcessLinks"));
        long session = field(e, "Session");
        assertThat(memory.readLong(session + TYPES.struct("_MM_SESSION_SPACE").offsetOf("ProcessList") + 8))
                .isEqualTo(e + EPROCESS.offsetOf("SessionProcessLinks"));
        assertThat(field(e, "Job")).isEqualTo(jobBefore);
        assertThat(memory.readInt(jobBefore + job.offsetOf("ActiveProcesses"))).isEqualTo(activeInJob + 1);
        assertThat(memory.readLong(jobBefore + job.offsetOf("ProcessListHead") + 8))
                .isEqualTo(e + EPROCESS.offsetOf("JobLinks"));

        // 4: the initial thread; 7: its first act, the loader.
        CreatedProcess created = process.created();
        long ethread = pm.PspCreateThread(created, true, info.createTime() + 10_000);
        stagesSoFar(e, "4");
        StructType ethreadType = TYPES.struct("_ETHREAD");
        assertThat(memory.readLong(ethread + ethreadType.offsetOf("Cid.UniqueProcess"))).isEqualTo(pid);
        assertThat(memory.readLong(e + EPROCESS.offsetOf("ThreadListHead"))).isEqualTo(ethread + ethreadType.offsetOf("ThreadListEntry"));
        assertThat(user.readLong(pebAddress + peb.offsetOf("Ldr"))).isZero();
        pm.LdrInitializeThunk(created);
        long ldr = user.readLong(pebAddress + peb.offsetOf("Ldr"));
        assertThat(ldr).isEqualTo(kernel.ntdll().base() + Loader.LDR_DATA_RVA);
        assertThat(user.readLong(pebAddress + peb.offsetOf("ProcessHeap"))).isEqualTo(created.user().heapBase());
        assertThat(user.readShort(kernel.knownDlls().get("USER32.dll").base())).isEqualTo(0x5a4d);
        long first = user.readLong(ldr + TYPES.struct("_PEB_LDR_DATA").offsetOf("InLoadOrderModuleList"));
        StructType entry = TYPES.struct("_LDR_DATA_TABLE_ENTRY");
        assertThat(user.readLong(first + entry.offsetOf("DllBase"))).isEqualTo(calc.base());
        assertThat(unicode(user, user.readLong(first) + entry.offsetOf("BaseDllName"))).isEqualTo("ntdll.dll");
    }

    @Test
    void aLogonTokenReplacesTheParentsAndAServiceAccountHasItsOwnLogonSession() throws Exception {
        ProcessCreateInfo service = ProcessCreateInfo.builder("svchost.exe")
                .image(kernel.knownDlls().get("sechost.dll"), List.of())
                .parent(parent.eprocess(), parent.processId())
                .session(0)
                .account(Account.LOCAL_SERVICE)
                .build();
        long e = pm.PspSetupProcess(service).eprocess();
        StructType token = TYPES.struct("_TOKEN");
        long t = field(e, "Token") & ~0xfL;
        assertThat(memory.readInt(t + token.offsetOf("AuthenticationId.LowPart"))).isEqualTo(0x3e5);
        assertThat(memory.readInt(t + token.offsetOf("ParentTokenId.LowPart"))).isZero();
        long userAndGroups = memory.readLong(t + token.offsetOf("UserAndGroups"));
        long userSid = memory.readLong(userAndGroups);
        assertThat(memory.read(userSid, 12)).isEqualTo(Sid.of("S-1-5-19").bytes());
        long logon = memory.readLong(t + token.offsetOf("LogonSession"));
        assertThat(unicode(memory, logon + TYPES.struct("_SEP_LOGON_SESSION_REFERENCES").offsetOf("AccountName")))
                .isEqualTo("LOCAL SERVICE");
        assertThat(field(e, "QuotaBlock")).isEqualTo(field(parent.eprocess(), "QuotaBlock"));
    }
}
