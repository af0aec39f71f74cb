package dev.kdlab.kernel.image;


import dev.kdlab.kernel.NtTypes;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.pe.Register;
import dev.kdlab.pe.RuntimeFunction;
import dev.kdlab.pe.UnwindCode;
import dev.kdlab.pe.UnwindInfo;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The code of one image as its PDB and its exception directory describe it: functions with their
 * prologs, labels inside functions ({@code KiSystemServiceCopyEnd} in KiSystemCall64), and system-call
 * stubs. {@link #writeExceptionDirectory} puts the RUNTIME_FUNCTION table and the UNWIND_INFO
 * records into the mapped image, where a debugger's unwinder reads them (PE data directory 3).
 */
public final class ImageCode {
    private static final byte[] STUB_HEAD = {0x4c, (byte) 0x8b, (byte) 0xd1, (byte) 0xb8};
    /** test byte ptr [SharedUserData+0x308],1 / jne / syscall / ret / int 2e / ret (ntdll's x64 stub). */
    private static final byte[] STUB_TAIL = {(byte) 0xf6, 0x04, 0x25, 0x08, 0x03, (byte) 0xfe, 0x7f, 0x01, 0x75,
            0x03, 0x0f, 0x05, (byte) 0xc3, (byte) 0xcd, 0x2e, (byte) 0xc3};
    /** A return from a system-call stub lands just past its {@code syscall}: +0x14 (machine-19045.md 6.4). */
    public static final int STUB_RETURN = 0x14;

    private final String moduleName;
    private final long exceptionDirectoryRva;
    private final List<CodeFunction> functions;
    private final Map<String, CodeFunction> byName = new HashMap<>();
    private final Map<String, Long> labels;
    private final Map<String, Integer> systemCalls;
    private final Map<Long, byte[]> instructions;

    private ImageCode(Builder builder) {
        this.moduleName = builder.moduleName;
        this.exceptionDirectoryRva = builder.exceptionDirectoryRva;
        List<CodeFunction> sorted = new ArrayList<>(builder.functions);
        sorted.sort(Comparator.comparingLong(CodeFunction::rva));
        for (int i = 1; i < sorted.size(); i++) {
            CodeFunction previous = sorted.get(i - 1);
            if (previous.rva() + previous.size() > sorted.get(i).rva()) {
                throw new IllegalStateException(moduleName + "!" + previous.name() + " overlaps " + sorted.get(i).name());
            }
        }
        this.functions = List.copyOf(sorted);
        for (CodeFunction f : functions) {
            byName.put(f.name(), f);
        }
        this.labels = Map.copyOf(builder.labels);
        this.systemCalls = Map.copyOf(builder.systemCalls);
        this.instructions = Map.copyOf(builder.instructions);
    }

    public static Builder builder(String moduleName, long exceptionDirectoryRva) {
        return new Builder(moduleName, exceptionDirectoryRva);
    }

    /** The name the debugger shows: {@code nt}, {@code ntdll}, {@code KERNEL32}, {@code cmd}. */
    public String moduleName() {
        return moduleName;
    }

    public List<CodeFunction> functions() {
        return functions;
    }

    public CodeFunction function(String name) {
        CodeFunction f = byName.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no function " + moduleName + "!" + name);
        }
        return f;
    }

    public boolean hasFunction(String name) {
        return byName.containsKey(name);
    }

    /** The RVA of a function or label. */
    public long rvaOf(String symbol) {
        Long label = labels.get(symbol);
        return label != null ? label : function(symbol).rva();
    }

    /** The return address {@code symbol+offset}, in the function that contains it. */
    public CallSite site(String symbol, int offset) {
        long rva = rvaOf(symbol) + offset;
        for (CodeFunction f : functions) {
            if (f.contains(rva)) {
                return new CallSite(this, f, rva);
            }
        }
        throw new IllegalArgumentException(moduleName + "!" + symbol + "+" + Integer.toHexString(offset) + " is in no function");
    }

    /** The system-call number a stub loads into eax. */
    public int systemCallNumber(String stub) {
        Integer number = systemCalls.get(stub);
        if (number == null) {
            throw new IllegalArgumentException(moduleName + "!" + stub + " is no system-call stub");
        }
        return number;
    }

    /** Every public symbol and its RVA: functions, stubs and labels. */
    public Map<String, Long> symbols() {
        Map<String, Long> symbols = new LinkedHashMap<>();
        for (CodeFunction f : functions) {
            symbols.put(f.name(), f.rva());
        }
        symbols.putAll(labels);
        return Collections.unmodifiableMap(symbols);
    }

    /**
     * Writes the image's code as a debugger reads it: the exception directory (RUNTIME_FUNCTIONs
     * sorted by address, then the UNWIND_INFOs) with data directory 3 of the optional header
     * pointing at it, the system-call stubs, and the instructions where threads stop.
     */
    public void writeInto(VirtualMemory memory, long imageBase) {
        List<CodeFunction> unwound = functions.stream().filter(f -> !f.isLeaf()).toList();
        int tableSize = unwound.size() * RuntimeFunction.SIZE;
        byte[] table = new byte[tableSize];
        ByteArrayOutputStream infos = new ByteArrayOutputStream();
        for (int i = 0; i < unwound.size(); i++) {
            CodeFunction f = unwound.get(i);
            long infoRva = exceptionDirectoryRva + tableSize + infos.size();
            new RuntimeFunction((int) f.rva(), (int) (f.rva() + f.size()), (int) infoRva).encode(table, i * RuntimeFunction.SIZE);
            byte[] info = UnwindInfo.ofProlog(f.prolog()).encode();
            infos.write(info, 0, info.length);
        }
        write(memory, imageBase + exceptionDirectoryRva, table);
        write(memory, imageBase + exceptionDirectoryRva + tableSize, infos.toByteArray());
        long directory = NtTypes.view(memory, "_IMAGE_NT_HEADERS64", imageBase + PeImage.NT_HEADERS_OFFSET)
                .addressOf("OptionalHeader.DataDirectory") + 8L * RuntimeFunction.DATA_DIRECTORY_INDEX;
        byte[] entry = new byte[8];
        LittleEndian.put(entry, 0, 4, exceptionDirectoryRva);
        LittleEndian.put(entry, 4, 4, tableSize);
        write(memory, directory, entry);
        for (Map.Entry<String, Integer> call : systemCalls.entrySet()) {
            write(memory, imageBase + function(call.getKey()).rva(), stub(call.getValue()));
        }
        for (Map.Entry<Long, byte[]> instruction : instructions.entrySet()) {
            write(memory, imageBase + instruction.getKey(), instruction.getValue());
        }
    }

    private static byte[] stub(int number) {
        byte[] bytes = new byte[STUB_HEAD.length + 4 + STUB_TAIL.length];
        System.arraycopy(STUB_HEAD, 0, bytes, 0, STUB_HEAD.length);
        LittleEndian.put(bytes, STUB_HEAD.length, 4, number);
        System.arraycopy(STUB_TAIL, 0, bytes, STUB_HEAD.length + 4, STUB_TAIL.length);
        return bytes;
    }

    private static void write(VirtualMemory memory, long at, byte[] bytes) {
        try {
            memory.write(at, bytes, 0, bytes.length);
        } catch (MemoryAccessException e) {
            throw new IllegalStateException(String.format("image page at %016x not mapped", e.address()), e);
        }
    }

    /** Collects an image's functions; prologs are written with the static helpers below. */
    public static final class Builder {
        private final String moduleName;
        private final long exceptionDirectoryRva;
        private final List<CodeFunction> functions = new ArrayList<>();
        private final Map<String, Long> labels = new LinkedHashMap<>();
        private final Map<String, Integer> systemCalls = new LinkedHashMap<>();
        private final Map<Long, byte[]> instructions = new LinkedHashMap<>();

        private Builder(String moduleName, long exceptionDirectoryRva) {
            this.moduleName = moduleName;
            this.exceptionDirectoryRva = exceptionDirectoryRva;
        }

        public Builder function(String name, long rva, int size, UnwindCode... prolog) {
            functions.add(new CodeFunction(name, rva, size, List.of(prolog)));
            return this;
        }

        /** A function whose prolog pushes {@code pushes} and then allocates {@code alloc} bytes. */
        public Builder function(String name, long rva, int size, Register[] pushes, int alloc) {
            List<UnwindCode> prolog = new ArrayList<>();
            for (Register r : pushes) {
                prolog.add(new UnwindCode.Push(r));
            }
            prolog.add(new UnwindCode.Alloc(alloc));
            functions.add(new CodeFunction(name, rva, size, prolog));
            return this;
        }

        /** An ntdll-style system-call stub: a 0x20-byte leaf that ends in {@code syscall; ret}. */
        public Builder systemCall(String name, long rva, int number) {
            functions.add(new CodeFunction(name, rva, 0x20, List.of()));
            systemCalls.put(name, number);
            return this;
        }

        /** The encoded instruction at {@code symbol+offset} (given after the symbol is), for {@code r} to show. */
        public Builder instruction(String symbol, int offset, int... bytes) {
            long rva = labels.containsKey(symbol) ? labels.get(symbol)
                    : functions.stream().filter(f -> f.name().equals(symbol)).findFirst().orElseThrow().rva();
            byte[] encoded = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                encoded[i] = (byte) bytes[i];
            }
            instructions.put(rva + offset, encoded);
            return this;
        }

        public Builder label(String name, long rva) {
            labels.put(name, rva);
            return this;
        }

        public ImageCode build() {
            return new ImageCode(this);
        }
    }
}
