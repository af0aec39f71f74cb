package dev.kdlab.disasm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Byte sequences and the line WinDbg prints for them. Lines marked (transcript) are copied from
 * shared/reference/windbg-transcripts.md; the others follow the same rules, which WinDbg applies
 * to every instruction (MASM hex, size keywords, column layout).
 */
class DecoderTest {
    private static final long NT = 0xfffff800_03000000L;
    private static final long NTDLL = 0x00007ffc_f8ad0000L;
    /** A few symbols, as a PDB gives them, for the namer. */
    private static final TreeMap<Long, String> SYMBOLS = new TreeMap<>(Map.of(
            NT + 0x1000, "nt!KiSystemCall64",
            NT + 0x2000, "nt!KeWaitForSingleObject",
            NT + 0x3000, "nt!PsActiveProcessHead",
            NT + 0x4000, "nt!guard_dispatch_icall_fptr",
            NTDLL + 0x9d0d0, "ntdll!NtWaitForSingleObject",
            0x7ffe0000L, "SharedUserData"));
    private static final SymbolNamer NAMER = address -> {
        Map.Entry<Long, String> floor = SYMBOLS.floorEntry(address);
        if (floor == null || address - floor.getKey() >= 0x1000) {
            return Optional.empty();
        }
        long offset = address - floor.getKey();
        return Optional.of(floor.getValue() + (offset == 0 ? "" : "+0x" + Long.toHexString(offset)));
    };
    private static final MasmSyntax SYNTAX = new MasmSyntax(NAMER);

    private static String line(long address, String hex) {
        return SYNTAX.line(Decoder.decode(address, HexFormat.of().parseHex(hex)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // transcripts 4.1, 5.4, 5.5, 5.7 and the brief
            "fffff800031fd5b0|48894c2408|fffff800`031fd5b0 48894c2408      mov     qword ptr [rsp+8],rcx",
            "00007ffe47017344|8bc8|00007ffe`47017344 8bc8            mov     ecx,eax",
            "fffff803bb757020|cc|fffff803`bb757020 cc              int     3",
            "fffff802048a76c0|4053|fffff802`048a76c0 4053            push    rbx",
            "fffff802048a76c2|4883ec30|fffff802`048a76c2 4883ec30        sub     rsp,30h",
            "fffff802048a76c6|4533d2|fffff802`048a76c6 4533d2          xor     r10d,r10d",
            "fffff802048a76c9|458bd8|fffff802`048a76c9 458bd8          mov     r11d,r8d",
            "fffff800cd85165d|48c1e220|fffff800`cd85165d 48c1e220        shl     rdx,20h",
            "00007ff7eb9622a0|8902|00007ff7`eb9622a0 8902            mov     dword ptr [rdx],eax",
            "fffff8071c6a1234|4889542410|fffff807`1c6a1234 4889542410      mov     qword ptr [rsp+10h],rdx",
            // KiSystemCall64's entry: long encodings shift the mnemonic column
            "fffff80003001000|0f01f8|fffff800`03001000 0f01f8          swapgs",
            "fffff80003001003|654889242510000000|fffff800`03001003 654889242510000000 mov   qword ptr gs:[10h],rsp",
            "fffff8000300100c|65488b2425a8010000|fffff800`0300100c 65488b2425a8010000 mov   rsp,qword ptr gs:[1A8h]",
            "fffff80003001015|6a2b|fffff800`03001015 6a2b            push    2Bh",
            "fffff80003001017|65ff342510000000|fffff800`03001017 65ff342510000000 push    qword ptr gs:[10h]",
            "fffff8000300101f|4153|fffff800`0300101f 4153            push    r11",
            "fffff80003001021|51|fffff800`03001021 51              push    rcx",
            "fffff80003001022|498bca|fffff800`03001022 498bca          mov     rcx,r10",
            "fffff8000300102a|4881ec58010000|fffff800`0300102a 4881ec58010000  sub     rsp,158h",
            "fffff80003001031|488dac2480000000|fffff800`03001031 488dac2480000000 lea     rbp,[rsp+80h]",
            "fffff80003001039|48899dc0000000|fffff800`03001039 48899dc0000000  mov     qword ptr [rbp+0C0h],rbx",
            "fffff80003001040|650fba24251890000001|fffff800`03001040 650fba24251890000001 bt  dword ptr gs:[9018h],1",
            "fffff8000300104a|0f22dc|fffff800`0300104a 0f22dc          mov     cr3,rsp",
            "fffff80003001050|65488b042588010000|fffff800`03001050 65488b042588010000 mov   rax,qword ptr gs:[188h]",
            // branches and rip-relative operands resolve to symbols
            "fffff8000300104d|7203|fffff800`0300104d 7203            jb      nt!KiSystemCall64+0x52 (fffff800`03001052)",
            "fffff80003001100|e8fb0e0000|fffff800`03001100 e8fb0e0000      call    nt!KeWaitForSingleObject (fffff800`03002000)",
            "fffff80003001100|e9fb0e0000|fffff800`03001100 e9fb0e0000      jmp     nt!KeWaitForSingleObject (fffff800`03002000)",
            "fffff80003001100|ebfe|fffff800`03001100 ebfe            jmp     nt!KiSystemCall64+0x100 (fffff800`03001100)",
            "fffff80005000000|e800000000|fffff800`05000000 e800000000      call    fffff800`05000005",
            "fffff80003001100|488b05f91e0000|fffff800`03001100 488b05f91e0000  mov     rax,qword ptr [nt!PsActiveProcessHead (fffff800`03003000)]",
            "fffff80003001100|488d0df91e0000|fffff800`03001100 488d0df91e0000  lea     rcx,[nt!PsActiveProcessHead (fffff800`03003000)]",
            "fffff80003001100|ff15fa2e0000|fffff800`03001100 ff15fa2e0000    call    qword ptr [nt!guard_dispatch_icall_fptr (fffff800`03004000)]",
            "fffff80005000000|488b05f91e0000|fffff800`05000000 488b05f91e0000  mov     rax,qword ptr [fffff800`05001f00]",
            "fffff80003001100|48b80030000300f8ffff|fffff800`03001100 48b80030000300f8ffff mov rax,offset nt!PsActiveProcessHead (fffff800`03003000)",
            "fffff80003001100|48b82003000080f7ffff|fffff800`03001100 48b82003000080f7ffff mov rax,0FFFFF78000000320h",
            "fffff80003001100|ffe0|fffff800`03001100 ffe0            jmp     rax",
            "fffff80003001100|41ffd3|fffff800`03001100 41ffd3          call    r11",
            // ntdll's system-call stub (machine-19045.md 6.4)
            "00007ffcf8b6d0d0|4c8bd1|00007ffc`f8b6d0d0 4c8bd1          mov     r10,rcx",
            "00007ffcf8b6d0d3|b804000000|00007ffc`f8b6d0d3 b804000000      mov     eax,4",
            "00007ffcf8b6d0d8|f604250803fe7f01|00007ffc`f8b6d0d8 f604250803fe7f01 test    byte ptr [SharedUserData+0x308 (00000000`7ffe0308)],1",
            "00007ffcf8b6d0e2|0f05|00007ffc`f8b6d0e2 0f05            syscall",
            "00007ffcf8b6d0e4|c3|00007ffc`f8b6d0e4 c3              ret",
            "00007ffcf8b6d0e5|cd2e|00007ffc`f8b6d0e5 cd2e            int     2Eh",
    })
    void printsAsWinDbg(String address, String hex, String expected) {
        assertThat(line(Long.parseUnsignedLong(address, 16), hex)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // arithmetic, immediates at the operand size (sign-extended imm8 and imm32)
            "4883c4f8|add     rsp,0FFFFFFFFFFFFFFF8h",
            "4883e4f0|and     rsp,0FFFFFFFFFFFFFFF0h",
            "83f8ff|cmp     eax,0FFFFFFFFh",
            "48c7c0ffffffff|mov     rax,0FFFFFFFFFFFFFFFFh",
            "c744242801000000|mov     dword ptr [rsp+28h],1",
            "48c744242000000000|mov   qword ptr [rsp+20h],0",
            "66c7410a0100|mov     word ptr [rcx+0Ah],1",
            "c6410801|mov     byte ptr [rcx+8],1",
            "80790800|cmp     byte ptr [rcx+8],0",
            "3c0a|cmp     al,0Ah",
            "481d00010000|sbb     rax,100h",
            "1401|adc     al,1",
            "0bc1|or      eax,ecx",
            "2bc8|sub     ecx,eax",
            "4823c2|and     rax,rdx",
            "4d85c0|test    r8,r8",
            "85c0|test    eax,eax",
            "84c0|test    al,al",
            "a801|test    al,1",
            "f6c101|test    cl,1",
            "f7c100010000|test    ecx,100h",
            "488b45f8|mov     rax,qword ptr [rbp-8]",
            "488b8424a8000000|mov     rax,qword ptr [rsp+0A8h]",
            "8b04c8|mov     eax,dword ptr [rax+rcx*8]",
            "8b0408|mov     eax,dword ptr [rax+rcx]",
            "428b0c8500100000|mov     ecx,dword ptr [r8*4+1000h]",
            "40887c2408|mov     byte ptr [rsp+8],dil",
            "88e0|mov     al,ah",
            "8ac4|mov     al,ah",
            "4488c0|mov     al,r8b",
            "b0ff|mov     al,0FFh",
            "66b80100|mov     ax,1",
            "0000|add     byte ptr [rax],al",
            "48ffc0|inc     rax",
            "ffc8|dec     eax",
            "fe01|inc     byte ptr [rcx]",
            "48f7d8|neg     rax",
            "f7d0|not     eax",
            "48f7e1|mul     rax,rcx",
            "f7f1|div     eax,ecx",
            "48f7f9|idiv    rax,rcx",
            "f6f1|div     al,cl",
            "480fafc1|imul    rax,rcx",
            "6bc00c|imul    eax,eax,0Ch",
            "4869c0e8030000|imul    rax,rax,3E8h",
            "d1e0|shl     eax,1",
            "48d3e8|shr     rax,cl",
            "c1f81f|sar     eax,1Fh",
            "48c1c010|rol     rax,10h",
            "d1c8|ror     eax,1",
            // moves with extension, exchange, conditionals
            "0fb6c1|movzx   eax,cl",
            "0fb701|movzx   eax,word ptr [rcx]",
            "480fbe01|movsx   rax,byte ptr [rcx]",
            "4863c1|movsxd  rax,ecx",
            "48634108|movsxd  rax,dword ptr [rcx+8]",
            "8701|xchg    dword ptr [rcx],eax",
            "4887d1|xchg    rcx,rdx",
            "91|xchg    ecx,eax",
            "4190|xchg    r8d,eax",
            "0f94c0|sete    al",
            "0f9fc1|setg    cl",
            "0f45c1|cmovne  eax,ecx",
            "480f44c2|cmove   rax,rdx",
            "f0480fb111|lock cmpxchg qword ptr [rcx],rdx",
            "f00fb111|lock cmpxchg dword ptr [rcx],edx",
            "f0480fc101|lock xadd qword ptr [rcx],rax",
            "f0ff01|lock inc dword ptr [rcx]",
            "f0480fb309|lock btr qword ptr [rcx],rcx",
            "480fa3c8|bt      rax,rcx",
            "0fabc8|bts     eax,ecx",
            "480fbae83f|bts     rax,3Fh",
            "0fba2101|bt      dword ptr [rcx],1",
            "0fbcc1|bsf     eax,ecx",
            "480fbdc1|bsr     rax,rcx",
            "f3480fb8c1|popcnt  rax,rcx",
            "0fc8|bswap   eax",
            "490fc8|bswap   r8",
            "99|cdq",
            "4899|cqo",
            "4898|cdqe",
            "98|cwde",
            // strings with rep
            "f3aa|rep stos byte ptr [rdi]",
            "f348ab|rep stos qword ptr [rdi]",
            "f3a4|rep movs byte ptr [rdi],byte ptr [rsi]",
            "f348a5|rep movs qword ptr [rdi],qword ptr [rsi]",
            "f3a6|repe cmps byte ptr [rsi],byte ptr [rdi]",
            "f2ae|repne scas byte ptr [rdi]",
            "ab|stos    dword ptr [rdi]",
            // nops
            "90|nop",
            "6690|xchg    ax,ax",
            "0f1f00|nop     dword ptr [rax]",
            "0f1f4000|nop     dword ptr [rax]",
            "0f1f440000|nop     dword ptr [rax+rax]",
            "660f1f440000|nop     word ptr [rax+rax]",
            "0f1f8000000000|nop     dword ptr [rax]",
            "0f1f840000000000|nop     dword ptr [rax+rax]",
            "660f1f840000000000|nop   word ptr [rax+rax]",
            "662e0f1f840000000000|nop word ptr cs:[rax+rax]",
            // system instructions
            "0f07|sysret",
            "480f07|sysret",
            "48cf|iretq",
            "f4|hlt",
            "f390|pause",
            "0fa2|cpuid",
            "0f31|rdtsc",
            "0f01f9|rdtscp",
            "0f32|rdmsr",
            "0f30|wrmsr",
            "0f20d8|mov     rax,cr3",
            "440f20c0|mov     rax,cr8",
            "0f22e0|mov     cr4,rax",
            "0f21c0|mov     rax,dr0",
            "0f23f8|mov     dr7,rax",
            "fa|cli",
            "fb|sti",
            "0f0b|ud2",
            "0f0138|invlpg  byte ptr [rax]",
            "0faee8|lfence",
            "0f0d09|prefetchw byte ptr [rcx]",
            "c20800|ret     8",
            "f3c3|rep ret",
            "c9|leave",
            "9c|pushfq",
            "9d|popfq",
            "0fa8|push    gs",
            "8f00|pop     qword ptr [rax]",
            "ff30|push    qword ptr [rax]",
            "6aff|push    0FFFFFFFFFFFFFFFFh",
            "6800100000|push    1000h",
            // SSE moves
            "0f2801|movaps  xmm0,xmmword ptr [rcx]",
            "0f114c2420|movups  xmmword ptr [rsp+20h],xmm1",
            "440f29442430|movaps  xmmword ptr [rsp+30h],xmm8",
            "660f6f01|movdqa  xmm0,xmmword ptr [rcx]",
            "f30f6f02|movdqu  xmm0,xmmword ptr [rdx]",
            "f30f7f01|movdqu  xmmword ptr [rcx],xmm0",
            "0f57c0|xorps   xmm0,xmm0",
            "660fefc0|pxor    xmm0,xmm0",
            "66480f7ec0|movq    rax,xmm0",
            "660f7ec0|movd    eax,xmm0",
            "660f6ec1|movd    xmm0,ecx",
            "66480f6ec8|movq    xmm1,rax",
            "f30f7e01|movq    xmm0,qword ptr [rcx]",
            "660fd60424|movq    qword ptr [rsp],xmm0",
            "f30f1001|movss   xmm0,dword ptr [rcx]",
            "f20f1101|movsd   qword ptr [rcx],xmm0",
            "0f6f01|movq    mm0,qword ptr [rcx]",
    })
    void decodesTheIntegerAndSseInstructionsCompilersEmit(String hex, String expected) {
        String line = line(0x1000, hex);
        assertThat(line.substring(line.indexOf(' ') + 1 + Math.max(16, hex.length() + 1))).isEqualTo(expected);
        assertThat(Decoder.decode(0x1000, HexFormat.of().parseHex(hex)).length()).isEqualTo(hex.length() / 2);
    }

    @ParameterizedTest
    @CsvSource({"06", "0e", "27", "c4", "d8", "0f04", "0f0e", "ff38", "8f08", "8dc0"})
    void bytesThatAreNoInstructionPrintQuestionMarksAndTakeOneByte(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex.length() < 4 ? hex + "c0c0" : hex);
        Instruction instruction = Decoder.decode(0x1000, bytes);
        assertThat(instruction.isKnown()).isFalse();
        assertThat(instruction.length()).isEqualTo(1);
        assertThat(SYNTAX.line(instruction)).isEqualTo("00000000`00001000 " + hex.substring(0, 2) + "              ???");
    }

    @Test
    void anInstructionCutShortByTheEndOfTheBytesIsUnknown() {
        assertThat(Decoder.decode(0, HexFormat.of().parseHex("4889")).isKnown()).isFalse();
        assertThat(Decoder.decode(0, HexFormat.of().parseHex("e8000000")).isKnown()).isFalse();
        assertThat(MasmSyntax.unreadableLine(0xfffff80003000000L)).isEqualTo("fffff800`03000000 ??              ???");
    }

    @Test
    void moreThanFifteenBytesOfPrefixesAreNoInstruction() {
        byte[] bytes = HexFormat.of().parseHex("666666666666666666666666666666666690");
        assertThat(Decoder.decode(0, bytes).isKnown()).isFalse();
    }

    @Test
    void flowSaysWhereControlGoes() {
        assertThat(Decoder.decode(0, HexFormat.of().parseHex("7503")).flow()).isEqualTo(Flow.CONDITIONAL);
        assertThat(Decoder.decode(0, HexFormat.of().parseHex("7503")).branchTarget()).hasValue(5);
        assertThat(Decoder.decode(0, HexFormat.of().parseHex("0f8500010000")).branchTarget()).hasValue(0x106);
        assertThat(Decoder.decode(0, HexFormat.of().parseHex("ebfe")).flow()).isEqualTo(Flow.JUMP);
        assertThat(Decoder.decode(0, HexFormat.of().parseHex("ffe0")).flow()).isEqualTo(Flow.INDIRECT_JUMP);
        assertThat(Decoder.decode(0, HexFormat.of().parseHex("e800000000")).flow()).isEqualTo(Flow.CALL);
        assertThat(Decoder.decode(0, HexFormat.of().parseHex("c3")).flow()).isEqualTo(Flow.RETURN);
        assertThat(Decoder.decode(0, HexFormat.of().parseHex("48cf")).flow()).isEqualTo(Flow.RETURN);
        assertThat(Decoder.decode(0, HexFormat.of().parseHex("e3fe")).flow()).isEqualTo(Flow.CONDITIONAL);
        assertThat(Decoder.decode(0, HexFormat.of().parseHex("4889542410")).flow()).isEqualTo(Flow.NEXT);
    }
}
