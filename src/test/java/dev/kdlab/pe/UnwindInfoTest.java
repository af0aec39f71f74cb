package dev.kdlab.pe;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UnwindInfoTest {

    @Test
    void encodesAPushAndASmallAllocationAsTheFormatSays() {
        // push rbx (1 byte, ends at 1); sub rsp,20h (4 bytes, ends at 5): codes stored last-first.
        byte[] bytes = UnwindInfo.ofProlog(List.of(new UnwindCode.Push(Register.RBX), new UnwindCode.Alloc(0x20))).encode();
        assertThat(bytes).containsExactly(
                0x01, 0x05, 0x02, 0x00,          // version 1, prolog 5 bytes, 2 slots, no frame register
                0x05, 0x32,                      // at 5: UWOP_ALLOC_SMALL, info (0x20/8 - 1) = 3
                0x01, 0x30);                     // at 1: UWOP_PUSH_NONVOL, info 3 = RBX
    }

    @Test
    void largeAllocationsSavesAndTheMachineFrameRoundTrip() {
        List<UnwindCode> prolog = List.of(new UnwindCode.MachineFrame(true), new UnwindCode.Alloc(0x160),
                new UnwindCode.Save(Register.RBP, 0x158), new UnwindCode.Save(Register.R15, 0x80008),
                new UnwindCode.Alloc(0x90000), new UnwindCode.SetFrame(Register.RBP, 0x80));
        UnwindInfo info = UnwindInfo.ofProlog(prolog);
        byte[] bytes = info.encode();
        UnwindInfo decoded = UnwindInfo.decode(bytes, 0);
        assertThat(decoded).isEqualTo(info);
        assertThat(decoded.frameRegister()).isEqualTo(Register.RBP);
        assertThat(decoded.frameOffset()).isEqualTo(0x80);
        assertThat(bytes[3]).isEqualTo((byte) 0x85);          // RBP (5) | 0x80/16 << 4
        assertThat(decoded.operations().get(0).code()).isInstanceOf(UnwindCode.SetFrame.class);
        assertThat(decoded.operations().get(decoded.operations().size() - 1).code())
                .isEqualTo(new UnwindCode.MachineFrame(true));
        assertThat(bytes.length % 4).isZero();
    }

    @Test
    void runtimeFunctionsAreTwelveLittleEndianBytes() {
        byte[] bytes = new byte[RuntimeFunction.SIZE];
        new RuntimeFunction(0x21c4c0, 0x21cb70, 0xe3c1f0).encode(bytes, 0);
        assertThat(bytes).containsExactly(0xc0, 0xc4, 0x21, 0, 0x70, 0xcb, 0x21, 0, 0xf0, 0xc1, 0xe3, 0);
        RuntimeFunction decoded = RuntimeFunction.decode(bytes, 0);
        assertThat(decoded.contains(0x21c9c0)).isTrue();
        assertThat(decoded.contains(0x21cb70)).isFalse();
    }
}
