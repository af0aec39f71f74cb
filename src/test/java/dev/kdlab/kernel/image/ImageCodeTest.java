package dev.kdlab.kernel.image;

import dev.kdlab.disasm.Decoder;
import dev.kdlab.disasm.Flow;
import dev.kdlab.disasm.Instruction;
import dev.kdlab.pe.UnwindCode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every function body the images carry decodes, from its first byte, into known instructions whose
 * boundaries fall on every return address the plan fixes, with the prolog its unwind codes count
 * and a last instruction that leaves the function; functions do not overlap and sit in code
 * sections.
 */
class ImageCodeTest {

    @Test
    void everyBodyDecodesIntoInstructionsThatMeetItsPlan() {
        for (ImageCode image : List.of(NtCode.image(), UserCode.ntdll(), UserCode.kernel32(), UserCode.kernelBase(),
                UserCode.exe(new UserImage("C:\\Windows\\System32\\cmd.exe", 0x7ff7_00000000L, 0x60000, 0, 0x1f60)).orElseThrow())) {
            for (CodeFunction function : image.functions()) {
                if (function.isLeaf() && function.size() == 0x20 && image.symbols().containsKey("Zw" + function.name().substring(2))) {
                    continue;   // a system-call stub, written whole
                }
                check(image, function);
            }
        }
    }

    private static void check(ImageCode image, CodeFunction function) {
        byte[] body = image.body(function.name());
        assertThat(body).as(function.name()).hasSize(function.size());
        Set<Long> boundaries = new HashSet<>();
        long at = 0;
        Instruction last = null;
        int prolog = function.prolog().stream().mapToInt(UnwindCode::instructionLength).sum();
        while (at < body.length) {
            boundaries.add(at);
            Instruction instruction = Decoder.decode(function.rva() + at, body, (int) at, body.length - (int) at);
            if (!instruction.isKnown() && (body[(int) at] & 0xff) == 0xcc) {
                break;   // the padding after a leaf's last instruction
            }
            assertThat(instruction.isKnown()).as("%s+0x%x", function.name(), at).isTrue();
            last = instruction;
            at += instruction.length();
        }
        assertThat(boundaries).as(function.name()).contains((long) prolog);
        assertThat(last).as(function.name()).isNotNull();
        assertThat(last.flow() == Flow.RETURN || last.flow() == Flow.INDIRECT_JUMP || last.mnemonic().startsWith("iret")
                || last.mnemonic().equals("int")).as("%s ends in %s", function.name(), last.mnemonic()).isTrue();
        for (var entry : image.symbols().entrySet()) {
            long rva = entry.getValue();
            if (function.contains(rva)) {
                assertThat(boundaries).as("%s starts an instruction", entry.getKey()).contains(rva - function.rva());
            }
        }
    }

    /** The return sites the stacks hold are right after calls (a boundary there, the call just before it). */
    @Test
    void theWaitPathsReturnAddressesFollowCalls() {
        ImageCode nt = NtCode.image();
        for (String site : List.of("KiSwapContext+0x76", "KiSwapThread+0x500", "KiCommitThreadWait+0x14f",
                "KeWaitForSingleObject+0x233", "KeWaitForMultipleObjects+0x2be", "KeRemoveQueueEx+0x263",
                "ObWaitForSingleObject+0x91", "NtWaitForSingleObject+0x6a", "IoRemoveIoCompletion+0x98",
                "NtWaitForWorkViaWorkerFactory+0xdc8", "KdSystemDebugControl+0x2f6", "PspSystemThreadStartup+0x55",
                "KiStartSystemThread+0x28", "ExpWorkerThread+0x105", "KiIdleLoop+0x9e", "KiIdleLoop+0x14b",
                "PoIdle+0x33a")) {
            String symbol = site.substring(0, site.indexOf('+'));
            int offset = Integer.parseInt(site.substring(site.indexOf("+0x") + 3), 16);
            byte[] body = nt.body(symbol);
            CodeFunction function = nt.function(symbol);
            boolean call = false;
            for (int length = 2; length <= 6 && !call; length++) {
                Instruction before = Decoder.decode(function.rva() + offset - length, body, offset - length, length);
                call = before.length() == length && before.mnemonic().equals("call");
            }
            assertThat(call).as(site).isTrue();
        }
    }
}
