/**
 * An x64 disassembler: decodes the integer instructions compilers emit in kernel and user code
 * (and the common SSE moves) from bytes, and prints them as WinDbg does, in MASM syntax. Format
 * knowledge only, with no dependency on the rest of kdlab: the debugger hands it bytes read from
 * the target and a {@link dev.kdlab.disasm.SymbolNamer} that turns addresses into
 * {@code nt!Routine+0x10}.
 *
 * <p>Decoding is table-driven ({@link dev.kdlab.disasm.OpcodeMaps}): one entry per opcode of the
 * one- and two-byte maps (Intel SDM vol. 2, appendix A "Opcode Map"), each naming its mnemonic and
 * operands in the map's own notation ({@code Ev,Gv}, {@code Gv,Ev,Ib}, {@code Jz}).
 */
package dev.kdlab.disasm;
