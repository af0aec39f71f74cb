package dev.kdlab.debugger;

import dev.kdlab.memory.PageTableScan;
import dev.kdlab.memory.PagingLevel;
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

    /** The 1 GiB page of the kernel half, found by scanning the System PML4's tables for a large PDPT entry. */
    static long hugePageAddress(Lkd session) {
        long[] found = {0};
        long systemDirBase = session.eval("poi(poi(nt!PsInitialSystemProcess)+0x28)");
        new PageTableScan(session.target().physical()).scan(systemDirBase, 0x100, 0x1ff, -1, (level, va, at, entry) -> {
            if (level == PagingLevel.PPE && (entry & 0x81) == 0x81) {
                found[0] = va;
            }
        });
        assertThat(found[0]).as("a 1 GiB page in the kernel half").isNotZero();
        return found[0];
    }

    @Test
    void vtopAgreesWithAHandWalkForRandomMappedAddresses() {
        SplittableRandom random = new SplittableRandom(3);
        List<long[]> samples = new ArrayList<>();   // {eprocess, va}
        long huge = hugePageAddress(lkd);
        for (long eprocess : lkd.processAddresses()) {
            String e = Long.toHexString(eprocess);
            samples.add(new long[] {eprocess, eprocess + random.nextInt(0xa40)});                               // pool
            samples.add(new long[] {eprocess, lkd.eval("poi(" + e + "+0x570)") + random.nextInt(0x80)});        // paged pool
            samples.add(new long[] {eprocess, lkd.eval("nt!PsActiveProcessHead") + random.nextInt(0x100000)}); // 2 MiB page
            samples.add(new long[] {eprocess, huge + random.nextLong(1L << 30)});                              // 1 GiB page
            samples.add(new long[] {eprocess, 0xfffff780_00000000L + random.nextInt(0x1000)});                 // shared data
            long peb = lkd.eval("poi(" + e + "+0x550)");
            if (peb != 0) {
                long image = lkd.eval("poi(" + e + "+0x520)");
                samples.add(new long[] {eprocess, peb + random.nextInt(0x7c8)});
                samples.add(new long[] {eprocess, peb + 0x1000 + random.nextInt(0x1000)});                     // first TEB
                samples.add(new long[] {eprocess, image + random.nextInt(0x1000)});
                samples.add(new long[] {eprocess, readUser(eprocess, peb + 0x30) + random.nextInt(0x1000)});     // heap
                samples.add(new long[] {eprocess, 0x7ffe0000L + random.nextInt(0x1000)});
                samples.add(new long[] {eprocess, readUser(eprocess, peb + 0x18) + random.nextInt(0x58)});      // Ldr in ntdll
                samples.add(new long[] {eprocess, readUser(eprocess, peb + 0x20) + random.nextInt(0x400)});     // parameters
            }
        }
        assertThat(samples.size()).isGreaterThanOrEqualTo(200);
        for (long[] sample : samples) {
            long cr3 = lkd.eval("poi(" + Long.toHexString(sample[0]) + "+0x28)");
            String vtop = lkd.text("!vtop " + Hex.backtick(cr3) + " " + Hex.backtick(sample[1]));
            Matcher m = TRANSLATES.matcher(vtop);
            assertThat(m.find()).as(vtop).isTrue();
            assertThat(Long.parseLong(m.group(1), 16)).as(vtop).isEqualTo(walkByHand(cr3, sample[1]));
        }
    }

    /** A user-mode pointer of another process, read in its context (then back to the debugger's own). */
    private static long readUser(long eprocess, long address) {
        lkd.run(".process /P " + Long.toHexString(eprocess));
        long value = lkd.eval("poi(" + Hex.backtick(address) + ")");
        lkd.run(".process 0");
        return value;
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

    /** The pfn !vtop finds for an address, as a number. */
    private static long vtopFrame(Lkd session, String dirBase, String va) {
        Matcher m = TRANSLATES.matcher(session.text("!vtop " + dirBase + " " + va));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1), 16) >>> 12;
    }

    @Test
    void pteOnANonPagedPoolAddressShowsFourValidKernelEntries() {
        long eprocess = lkd.processAddresses().get(5);
        List<String> lines = lkd.run("!pte " + Long.toHexString(eprocess));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo(" ".repeat(43) + "VA " + Hex.plain(eprocess));
        assertThat(lines.get(3)).matches("(pfn [0-9a-f]+ +---DA--KWEV  ){3}pfn [0-9a-f]+ +---DA--KW-V");
        long pfn = Long.parseLong(lines.get(3).substring(81).split(" +")[1], 16);
        assertThat(pfn).isEqualTo(vtopFrame(lkd, "0", Long.toHexString(eprocess)));
    }

    @Test
    void pteOnThePebOfAnotherProcessAfterDotProcessP() {
        Lkd fresh = new Lkd();
        long notepad = fresh.processAddresses().get(16);
        fresh.run(".process /P " + Long.toHexString(notepad));
        long peb = fresh.eval("@$peb");
        List<String> lines = fresh.run("!pte @$peb");
        assertThat(lines.get(0)).isEqualTo(" ".repeat(43) + "VA " + Hex.plain(peb));
        assertThat(lines.get(3)).matches("(pfn [0-9a-f]+ +---DA--UWEV  ){3}pfn [0-9a-f]+ +---DA--UW-V");
        long dirBase = fresh.eval("poi(" + Long.toHexString(notepad) + "+0x28)");
        long pfn = Long.parseLong(lines.get(3).substring(81).split(" +")[1], 16);
        assertThat(pfn).isEqualTo(vtopFrame(fresh, Hex.backtick(dirBase), Long.toHexString(peb)));
        assertThat(pfn).as("each process has its own PEB page").isNotEqualTo(vtopFrame(lkd, "0", "@$peb"));
    }

    @Test
    void pteOnAPteAddressShowsTheAddressThatPteMaps() {
        List<String> byVa = lkd.run("!pte @$peb");
        String pte = byVa.get(1).substring(byVa.get(1).lastIndexOf("PTE at ") + 7);
        assertThat(lkd.run("!pte " + pte)).isEqualTo(byVa);
        assertThat(lkd.run("!pte " + pte + "+4")).as("any byte of the PTE").isEqualTo(byVa);
    }

    @Test
    void pteRangeFormShowsOnePageAfterAnother() {
        List<String> lines = lkd.run("!pte @$peb @$peb+0x2fff");
        assertThat(lines).hasSize(12);
        long peb = lkd.eval("@$peb");
        for (int page = 0; page < 3; page++) {
            assertThat(lines.get(4 * page)).endsWith("VA " + Hex.plain(peb + page * 0x1000L));
            assertThat(lines.subList(4 * page, 4 * page + 4)).isEqualTo(lkd.run("!pte " + Long.toHexString(peb + page * 0x1000L)));
        }
    }

    @Test
    void aOneGibPageShowsInPteVtopAndWalk() {
        long va = hugePageAddress(lkd) + 0x1234567;
        List<String> pte = lkd.run("!pte " + Hex.backtick(va));
        assertThat(pte.get(2)).endsWith("contains 0000000000000000  contains 0000000000000000");
        assertThat(pte.get(3)).matches("pfn [0-9a-f]+ +---DA--KWEV  pfn ([0-9a-f]+) +-GLDAN-KW-V  LARGE PAGE pfn [0-9a-f]+ *");
        long firstPfn = Long.parseLong(pte.get(3).substring(27).split(" +")[1], 16);
        assertThat(pte.get(3)).contains("LARGE PAGE pfn " + Long.toHexString(firstPfn + 0x1234));
        List<String> vtop = lkd.run("!vtop 0 " + Hex.backtick(va));
        assertThat(vtop).hasSize(5);
        assertThat(vtop.get(3)).isEqualTo(String.format("Amd64VtoP: Large page mapped phys %016x", (firstPfn << 12) + 0x1234567));
        assertThat(vtop.get(4)).isEqualTo(String.format("Virtual address %x translates to physical address %x.", va,
                (firstPfn << 12) + 0x1234567));
        String walk = lkd.text("!walk " + Hex.backtick(va));
        assertThat(walk).contains("A 1 GiB page: the low 30 bits of the address are the offset into it.")
                .contains("Physical address " + Hex.backtick((firstPfn << 12) + 0x1234567));
        assertThat(lkd.run("db " + Hex.backtick(va) + " L4").get(0)).as("device memory, not RAM").contains("?? ?? ?? ??");
    }

    /**
     * A DirBase between 0x80000000 and 0xffffffff, typed as !process prints it, is sign-extended by
     * the evaluator; !vtop, !ptov and !dq read it back as the physical address it is.
     */
    @Test
    void aDirBaseWithItsTopBitSetIsAPhysicalAddress() {
        List<String> processes = lkd.run("!process 0 0");
        String line = java.util.stream.IntStream.range(1, processes.size())
                .filter(i -> processes.get(i).matches(" {4}DirBase: [89a-f][0-9a-f]{7} .*")
                        && !processes.get(i - 1).contains("Peb: 00000000"))
                .mapToObj(processes::get).findFirst().orElseThrow();
        String dirBase = line.substring(13, 21);
        long physical = Long.parseLong(dirBase, 16);
        assertThat(lkd.eval(dirBase)).as("the evaluator sign-extends").isEqualTo(physical | 0xffffffff_00000000L);
        List<String> vtop = lkd.run("!vtop " + dirBase + " 7ffe0000");
        assertThat(vtop.get(0)).isEqualTo(String.format("Amd64VtoP: Virt 000000007ffe0000, pagedir %016x", physical));
        assertThat(vtop.get(vtop.size() - 1)).isEqualTo("Virtual address 7ffe0000 translates to physical address "
                + Long.toHexString(walkByHand(physical, 0x7ffe0000L)) + ".");
        assertThat(lkd.run("!dq " + dirBase + " L1").get(0)).startsWith("# " + dirBase + " ");
        assertThat(lkd.run("!ptov " + dirBase).get(0)).isEqualTo("Amd64PtoV: pagedir " + dirBase);
    }

    @Test
    void vtopSaysWhichLevelIsEmpty() {
        assertThat(lkd.run("!vtop 0 1000`00000000")).containsExactly(
                String.format("Amd64VtoP: Virt 0000100000000000, pagedir %016x", lkd.eval("@cr3")),
                String.format("Amd64VtoP: PML4E %016x", lkd.eval("@cr3") + 8 * 0x20),
                "Amd64VtoP: zero PML4E",
                "Virtual address 100000000000 translation fails, error 0xD0000147.");
    }

    @Test
    void clearingAPdesValidBitStopsPteAtThePdeColumn() {
        Lkd fresh = new Lkd();
        String pdeLine = fresh.run("!pte @$peb").get(1);
        String pde = pdeLine.split(" +")[8].toLowerCase();
        long entry = fresh.eval("poi(" + pde + ")");
        fresh.run("eq " + pde + " " + Long.toHexString(entry & ~1L));
        List<String> lines = fresh.run("!pte @$peb");
        assertThat(lines.get(2)).matches("(contains [0-9A-F]{16}  ){2}contains [0-9A-F]{16}");
        assertThat(lines.get(3)).matches("(pfn [0-9a-f]+ +---DA--UWEV  ){2}not valid");
        assertThat(fresh.run("db @$peb L1").get(0)).contains("??");
        assertThat(fresh.text("!vtop 0 @$peb")).contains("Amd64VtoP: pagefile PTE").contains("translation fails");
    }
}
