package dev.kdlab.lang.expr;

import dev.kdlab.types.Type;
import dev.kdlab.types.TypeCatalog;
import dev.kdlab.types.TypeLookup;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A small target for expression tests: named symbols, registers and sparse little-endian memory, with the real
 * 19041 type catalog for the C++ evaluator's casts and members ({@code @$proc} is typed as the session types it).
 */
public final class FakeEnvironment implements ExpressionEnvironment {
    static final TypeCatalog TYPES = TypeCatalog.nt();

    private final Map<String, Long> symbols = new HashMap<>();
    private final Map<String, Long> registers = new HashMap<>();
    private final Map<Long, Byte> memory = new HashMap<>();
    private final Map<String, Long> fieldOffsets = new HashMap<>();
    private final Map<String, Long> typeSizes = new HashMap<>();

    public FakeEnvironment symbol(String qualifiedName, long address) {
        symbols.put(qualifiedName.toLowerCase(Locale.ROOT), address);
        return this;
    }

    public FakeEnvironment register(String name, long value) {
        registers.put(name, value);
        return this;
    }

    public FakeEnvironment memory(long address, long value, int size) {
        for (int i = 0; i < size; i++) {
            memory.put(address + i, (byte) (value >>> (8 * i)));
        }
        return this;
    }

    public FakeEnvironment field(String type, String field, long offset) {
        fieldOffsets.put((type + "." + field).toLowerCase(Locale.ROOT), offset);
        return this;
    }

    public FakeEnvironment type(String type, long size) {
        typeSizes.put(type.toLowerCase(Locale.ROOT), size);
        return this;
    }

    @Override
    public OptionalLong symbol(String module, String name) {
        String key = (module == null ? "" : module + "!") + name;
        Long address = symbols.get(key.toLowerCase(Locale.ROOT));
        return address == null ? OptionalLong.empty() : OptionalLong.of(address);
    }

    @Override
    public OptionalLong register(String name) {
        Long value = registers.get(name);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    @Override
    public long readMemory(long address, int size) throws MemoryReadException {
        long value = 0;
        for (int i = 0; i < size; i++) {
            Byte b = memory.get(address + i);
            if (b == null) {
                throw new MemoryReadException(address + i);
            }
            value |= (b & 0xffL) << (8 * i);
        }
        return value;
    }

    @Override
    public OptionalLong fieldOffset(String type, String field) {
        Long offset = fieldOffsets.get((type + "." + field).toLowerCase(Locale.ROOT));
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    @Override
    public OptionalLong typeSize(String type) {
        Long size = typeSizes.get(type.toLowerCase(Locale.ROOT));
        return size == null ? OptionalLong.empty() : OptionalLong.of(size);
    }

    @Override
    public Optional<Type> namedType(String written) {
        return new TypeLookup(TYPES).find(written).map(TypeLookup.Found::type);
    }

    @Override
    public Optional<CppValue> typedRegister(String name) {
        Long value = registers.get(name);
        if (value == null || !name.equals("$proc")) {
            return Optional.empty();
        }
        return Optional.of(CppValue.of(CppType.pointerTo(CppType.of(TYPES.struct("_EPROCESS"))), value));
    }

    /** An environment where every symbol and register exists and all memory reads as zero. */
    public static ExpressionEnvironment permissive() {
        return new ExpressionEnvironment() {
            @Override
            public OptionalLong symbol(String module, String name) {
                return OptionalLong.of(0xfffff80000000000L | (name.hashCode() & 0xffffffL));
            }

            @Override
            public OptionalLong register(String name) {
                return OptionalLong.of(0x1000);
            }

            @Override
            public long readMemory(long address, int size) {
                return 0;
            }

            @Override
            public OptionalLong fieldOffset(String type, String field) {
                return OptionalLong.of(8);
            }

            @Override
            public OptionalLong typeSize(String type) {
                return OptionalLong.of(16);
            }

            @Override
            public Optional<Type> namedType(String written) {
                return new TypeLookup(TYPES).find(written).map(TypeLookup.Found::type);
            }
        };
    }
}
