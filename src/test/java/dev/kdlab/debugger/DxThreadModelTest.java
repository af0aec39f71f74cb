package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kdlab.types.StructType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thread's Registers.Kernel and Name in dx, against the bytes: the kernel registers are those the processor saved
 * in KPRCB.ProcessorState.SpecialRegisters (cr3: what {@code r cr3} shows), the name is ETHREAD.ThreadName's text;
 * edits with {@code eq} show through both. This class edits the machine, so it boots its own.
 */
class DxThreadModelTest {
    private static final StructType KPRCB = TargetBytes.TYPES.struct("_KPRCB");
    private static final String SPECIAL = "ProcessorState.SpecialRegisters.";
    private static Lkd lkd;
    private static TargetBytes bytes;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
        bytes = new TargetBytes(lkd.target());
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** Processor 0's KPRCB: KiProcessorBlock[0]. */
    private static long prcb() {
        return bytes.kernel().readLong(bytes.symbol("KiProcessorBlock"));
    }

    private static long special(String field) {
        return bytes.read(prcb(), KPRCB, SPECIAL + field);
    }

    private static List<String> expectedKernel() {
        String[][] rows = {{"cr0", "Cr0"}, {"cr2", "Cr2"}, {"cr3", null}, {"cr4", "Cr4"}, {"cr8", "Cr8"},
                {"gdtr", "Gdtr.Base"}, {"gdtl", "Gdtr.Limit"}, {"idtr", "Idtr.Base"}, {"idtl", "Idtr.Limit"},
                {"tr", "Tr"}, {"ldtr", "Ldtr"}, {"kmxcsr", "MxCsr"}, {"kdr0", "KernelDr0"}, {"kdr1", "KernelDr1"},
                {"kdr2", "KernelDr2"}, {"kdr3", "KernelDr3"}, {"kdr6", "KernelDr6"}, {"kdr7", "KernelDr7"},
                {"xcr0", "Xcr0"}};
        long dirBase = bytes.read(lkd.processAddress("kd.exe"), TargetBytes.EPROCESS, "Pcb.DirectoryTableBase");
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            long value = row[1] == null ? dirBase : special(row[1]);
            lines.add(String.format(Locale.ROOT, "    %-16s : %s", row[0], hex(value)));
        }
        return lines;
    }

    @Test
    void registersHaveUserAndKernelAndKernelIsTheProcessorsSavedSpecialRegisters() {
        assertThat(lkd.run("dx @$curthread.Registers")).containsExactly("@$curthread.Registers                ",
                "    User            ", "    Kernel          ");
        List<String> kernel = lkd.run("dx -r1 @$curthread.Registers.Kernel");
        assertThat(kernel.subList(1, kernel.size())).containsExactlyElementsOf(expectedKernel());
        assertThat(special("Cr0")).isNotZero();
        assertThat(special("Idtr.Limit")).isEqualTo(0xfff);
        // a thread that is not running: kernel registers are processor state, so its are the current processor's
        List<String> system = lkd.run("dx -r1 @$cursession.Processes[4].Threads.First().Registers.Kernel");
        assertThat(system.subList(1, system.size())).containsExactlyElementsOf(expectedKernel());
        assertThat(lkd.run("dx @$curthread.Registers.Kernel.cr3")).containsExactly(
                "@$curthread.Registers.Kernel.cr3 : " + hex(lkd.eval("@cr3")));
        assertThat(lkd.run("dx @$curthread.Registers.User.rsp")).containsExactly(
                "@$curthread.Registers.User.rsp : " + hex(lkd.eval("@rsp")));
    }

    @Test
    void anEditOfTheSavedSpecialRegistersShowsInDx() {
        long cr4 = prcb() + KPRCB.path(SPECIAL + "Cr4").offset();
        long before = bytes.kernel().readLong(cr4);
        try {
            lkd.run("eq " + Long.toHexString(cr4) + " 1234567");
            assertThat(lkd.run("dx @$curthread.Registers.Kernel.cr4"))
                    .containsExactly("@$curthread.Registers.Kernel.cr4 : 0x1234567");
        } finally {
            lkd.run("eq " + Long.toHexString(cr4) + " " + Long.toHexString(before));
        }
        assertThat(lkd.run("dx @$curthread.Registers.Kernel.cr4"))
                .containsExactly("@$curthread.Registers.Kernel.cr4 : " + hex(before));
    }

    @Test
    void nameIsTheThreadNameStringOrEmpty() {
        long thread = lkd.eval("@$thread");
        long threadName = thread + TargetBytes.ETHREAD.offsetOf("ThreadName");
        assertThat(bytes.kernel().readLong(threadName)).isZero();
        assertThat(lkd.run("dx @$curthread.Name")).containsExactly("@$curthread.Name : ", "    Length           : 0x0");
        // point ThreadName at the first loader entry's BaseDllName (a _UNICODE_STRING in kernel memory)
        long baseDllName = bytes.kernel().readLong(bytes.symbol("PsLoadedModuleList"))
                + TargetBytes.TYPES.struct("_LDR_DATA_TABLE_ENTRY").offsetOf("BaseDllName");
        int length = (int) bytes.kernel().readUnsigned(baseDllName, 2);
        String expected = new String(bytes.kernel().read(bytes.kernel().readLong(baseDllName + 8), length),
                StandardCharsets.UTF_16LE);
        try {
            lkd.run("eq " + Long.toHexString(threadName) + " " + Long.toHexString(baseDllName));
            assertThat(lkd.run("dx @$curthread.Name")).containsExactly("@$curthread.Name : " + expected,
                    "    Length           : " + hex(expected.length()));
            assertThat(expected).isEqualTo("ntoskrnl.exe");
        } finally {
            lkd.run("eq " + Long.toHexString(threadName) + " 0");
        }
    }
}
