package dev.kdlab.disasm;

/** What an instruction does to the flow of control, as {@code uf} follows it. */
public enum Flow {
    /** Goes on to the next instruction. */
    NEXT,
    /** jcc, jrcxz, loop: to the target or on to the next instruction. */
    CONDITIONAL,
    /** jmp to a known target: never on to the next instruction. */
    JUMP,
    /** jmp through a register or memory: the target is not known here. */
    INDIRECT_JUMP,
    /** call: returns to the next instruction. */
    CALL,
    /** ret, iretq, sysret: leaves the function. */
    RETURN
}
