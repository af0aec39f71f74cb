package dev.kdlab.debugger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** !vtop and !pte against walks done by hand with !dq on physical memory. */
class PagingCommandsTest {
    private static final Pattern TRANSLATES = Pattern.compile("translates to physical address ([0-9a-f]+)\\.");
    private static final Pattern PHYSICAL_QWORD = Pattern.compile("^# [0-9a-f]+ ([0-9a-f]{8})`([0-9a-f]{8})$");
    private static Lkd lkd;

    @BeforeAll
    static void boot() {
        lkd = new Lkd();
    }

    /** One table entry read with !dq, as a learner would walk: table base + 8 * index. */
    private static long physicalQword(long address) {
        String line = lkd.run("!dq " + Hex.backtick(address) + " L1").get(0);
        Matcher m = PHYSICAL_QWORD.matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        return Long.parseUnsignedLong(m.group(1) + m.group(2), 16);
    }

    private static long walkByHand(long cr3, long va) {
        long table = cr3 & ~0xfffL;
        for (int shift = 39; shift >= 12; shift -= 9) {
            long entry = physicalQword(table + 8 * ((va >>> shift) & 0x1ff));
            assertThat(entry & 1).as("valid bit at shift %d", shift).isEqualTo(1);
            long frame = entry & 0x000f_ffff_ffff_f000L;
            if (shift > 12 && (entry & 0x80) != 0) {
                return (frame & -(1L << shift)) | (va & ((1L << shift) - 1));
            }
            table = frame;
        }
        return table | (va & 0xfff);
    }

    @Test
    void vtopAgreesWithAHandWalkForRandomMappedAddresses() {
        SplittableRandom random = new SplittableRandom(3);
        List<long[]> samples = new ArrayList<>();   // {eprocess, va}
        List<Long> processes = lkd.processAddresses();
        for (long eprocess : processes) {
            String e = Long.toHexString(eprocess);
            samples.add(new long[] {eprocess, eprocess + random.nextInt(0xa40)});           // pool
            samples.add(new long[] {eprocess, lkd.eval("nt!PsActiveProcessHead") + random.nextInt(0x100000)}); // large page
            long peb = lkd.eval("poi(" + e + "+0x550)");
            if (peb != 0) {
                samples.add(new long[] {eprocess, peb + random.nextInt(0x7c8)});
                samples.add(new long[] {eprocess, lkd.eval("poi(" + e + "+0x520)") + random.nextInt(0x1000)});
            }
        }
        assertThat(samples.size()).isGreaterThan(60);
        for (long[] sample : samples) {
            long cr3 = lkd.eval("poi(" + Long.toHexString(sample[0]) + "+0x28)");
            String vtop = lkd.text("!vtop " + Hex.backtick(cr3) + " " + Long.toHexString(sample[1]));
            Matcher m = TRANSLATES.matcher(vtop);
            assertThat(m.find()).as(vtop).isTrue();
            assertThat(Long.parseLong(m.group(1), 16)).isEqualTo(walkByHand(cr3, sample[1]));
        }
    }

    @Test
    void pteOnAKernelImageAddressShowsALargePage() {
        List<String> lines = lkd.run("!pte nt!PsActiveProcessHead");
        assertThat(lines.get(0)).matches(" {43}VA fffff80[0-7][0-9a-f]{8}");
        assertThat(lines.get(1)).matches("PXE at [0-9A-F]{16}    PPE at [0-9A-F]{16}    PDE at [0-9A-F]{16}    PTE at [0-9A-F]{16}");
        assertThat(lines.get(2)).endsWith("contains 0000000000000000");
        assertThat(lines.get(3)).matches("pfn [0-9a-f]+ +---DA--KWEV  pfn [0-9a-f]+ +---DA--KWEV  pfn [0-9a-f]+ +-GLDA--KWEV  LARGE PAGE pfn [0-9a-f]+ *");
    }

    @Test
    void pteAddressesComeFromTheSelfMapAndReadTheSameEntriesAsDq() {
        List<String> lines = lkd.run("!pte @$peb");
        Matcher at = Pattern.compile("PTE at ([0-9A-F]{16})").matcher(lines.get(1));
        assertThat(at.find()).isTrue();
        String pteAddress = at.group(1).toLowerCase();
        String dq = lkd.run("dq " + pteAddress + " L1").get(0);
        String contains = lines.get(2).substring(lines.get(2).lastIndexOf("contains ") + 9);
        assertThat(dq.replace("`", "")).endsWith(contains.toLowerCase());
        assertThat(lines.get(3)).endsWith("---DA--UW-V");
    }

    @Test
    void clearingTheValidBitOfAPteMakesReadsFailAndPteSayNotValid() {
        Lkd fresh = new Lkd();
        long peb = fresh.eval("@$peb");
        assertThat(fresh.run("db @$peb L1").get(0)).doesNotContain("??");
        String pteLine = fresh.run("!pte @$peb").get(1);
        String pte = pteLine.substring(pteLine.lastIndexOf("PTE at ") + 7).toLowerCase();
        long entry = fresh.eval("poi(" + pte + ")");
        fresh.run("eq " + pte + " " + Long.toHexString(entry & ~1L));
        assertThat(fresh.run("db @$peb L1").get(0)).contains("??");
        assertThat(fresh.run("!pte @$peb").get(3)).endsWith("not valid");
        assertThat(fresh.text("!vtop 0 " + Long.toHexString(peb))).contains("translation fails");
        assertThat(fresh.run("!peb").get(1)).startsWith("error 1 InitTypeRead( nt!_PEB at ");
    }

    @Test
    void sharedUserDataIsOneFrameSeenReadOnlyFromUserMode() {
        assertThat(lkd.run("dd 7ffe0260 L1").get(0)).isEqualTo("00000000`7ffe0260  00004a65");
        assertThat(lkd.run("dd fffff780`0000026c L1").get(0)).isEqualTo("fffff780`0000026c  0000000a");
        String user = lkd.run("!pte 7ffe0000").get(3);
        String kernel = lkd.run("!pte fffff780`00000000").get(3);
        String userPfn = user.substring(user.lastIndexOf("pfn "));
        String kernelPfn = kernel.substring(kernel.lastIndexOf("pfn "));
        assertThat(userPfn.split(" +")[1]).isEqualTo(kernelPfn.split(" +")[1]);
        assertThat(userPfn).endsWith("----A--UR-V");
        assertThat(kernelPfn).endsWith("---DA--KW-V");
    }
}
