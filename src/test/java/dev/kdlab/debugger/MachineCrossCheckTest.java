package dev.kdlab.debugger;

import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kdlab.debugger.TargetBytes.EPROCESS;
import static dev.kdlab.debugger.TargetBytes.ETHREAD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The done-when cross-checks, by bytes through the Target (never the kernel's Java
 * records), for every process and thread of the default machine: ActiveThreads is the length of
 * both thread lists, each TEB's ClientId is its ETHREAD's Cid, each thread's ApcState.Process is
 * its process, and PspCidTable resolves every PID and TID to its object. And the debugger agrees.
 */
class MachineCrossCheckTest {
    private static TargetBytes bytes;
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        bytes = new TargetBytes(DefaultMachine.boot(DefaultMachine.DEFAULT_SEED));
        lkd = new Lkd();
    }

    @Test
    void activeThreadsIsTheLengthOfBothThreadLists() throws Exception {
        int total = 0;
        for (long eprocess : bytes.processes()) {
            List<Long> executive = bytes.threads(eprocess);
            List<Long> kernelList = bytes.walk(bytes.kernel(), eprocess + EPROCESS.offsetOf("Pcb.ThreadListHead"),
                    ETHREAD.offsetOf("Tcb.ThreadListEntry"));
            assertThat(bytes.read(eprocess, EPROCESS, "ActiveThreads")).as(bytes.imageName(eprocess))
                    .isEqualTo(executive.size()).isEqualTo(kernelList.size());
            assertThat(executive).isEqualTo(kernelList);
            total += executive.size();
        }
        assertThat(total).isGreaterThanOrEqualTo(600);
    }

    @Test
    void everyTebNamesItsThreadsCidAndPeb() throws Exception {
        StructType teb = TargetBytes.TYPES.struct("_TEB");
        int tebs = 0;
        for (long eprocess : bytes.processes()) {
            long peb = bytes.read(eprocess, EPROCESS, "Peb");
            VirtualMemory user = bytes.userSpace(eprocess);
            for (long ethread : bytes.threads(eprocess)) {
                long tebAddress = bytes.read(ethread, ETHREAD, "Tcb.Teb");
                if (peb == 0) {
                    assertThat(tebAddress).as("threads of a process without user space have no TEB").isZero();
                    continue;
                }
                assertThat(TargetBytes.read(user, tebAddress, teb, "ClientId.UniqueProcess"))
                        .isEqualTo(bytes.read(ethread, ETHREAD, "Cid.UniqueProcess"))
                        .isEqualTo(bytes.read(eprocess, EPROCESS, "UniqueProcessId"));
                assertThat(TargetBytes.read(user, tebAddress, teb, "ClientId.UniqueThread"))
                        .isEqualTo(bytes.read(ethread, ETHREAD, "Cid.UniqueThread"));
                assertThat(TargetBytes.read(user, tebAddress, teb, "ProcessEnvironmentBlock")).isEqualTo(peb);
                assertThat(TargetBytes.read(user, tebAddress, teb, "NtTib.Self")).isEqualTo(tebAddress);
                tebs++;
            }
        }
        assertThat(tebs).isGreaterThan(300);
    }

    @Test
    void everyThreadsApcStateProcessIsItsProcess() throws Exception {
        for (long eprocess : bytes.processes()) {
            for (long ethread : bytes.threads(eprocess)) {
                assertThat(bytes.read(ethread, ETHREAD, "Tcb.ApcState.Process")).isEqualTo(eprocess);
                assertThat(bytes.read(ethread, ETHREAD, "Tcb.Process")).isEqualTo(eprocess);
                assertThat(bytes.read(ethread, ETHREAD, "Cid.UniqueProcess"))
                        .isEqualTo(bytes.read(eprocess, EPROCESS, "UniqueProcessId"));
            }
        }
    }

    @Test
    void pspCidTableResolvesEveryPidAndTidToItsObject() throws Exception {
        int ids = 0;
        for (long eprocess : bytes.processes()) {
            assertThat(bytes.cidLookup(bytes.read(eprocess, EPROCESS, "UniqueProcessId"))).isEqualTo(eprocess);
            for (long ethread : bytes.threads(eprocess)) {
                assertThat(bytes.cidLookup(bytes.read(ethread, ETHREAD, "Cid.UniqueThread"))).isEqualTo(ethread);
                ids++;
            }
            ids++;
        }
        assertThat(ids).isGreaterThan(256 + 512);
    }

    @Test
    void theDebuggerFindsEveryProcessByItsCidToo() {
        Pattern cid = Pattern.compile("Cid: ([0-9a-f]+) ");
        for (long eprocess : lkd.processAddresses()) {
            Matcher m = cid.matcher(lkd.text("!process " + Long.toHexString(eprocess) + " 0"));
            assertThat(m.find()).isTrue();
            List<String> byCid = lkd.run("!process " + m.group(1) + " 0");
            assertThat(byCid.get(1)).isEqualTo("PROCESS " + Hex.plain(eprocess));
        }
    }
}
