package dev.kdlab.debugger.views;

import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.pe.CodeViewRecord;
import dev.kdlab.pe.DebugDirectory;
import dev.kdlab.pe.ImageBytes;
import dev.kdlab.pe.PeFormatException;
import dev.kdlab.pe.PeHeaders;
import dev.kdlab.pe.ResourceDirectory;
import dev.kdlab.pe.VersionInfo;
import dev.kdlab.types.TypeCatalog;

import java.util.Optional;

/**
 * An image mapped at {@code base} in an address space, read through the {@code pe} readers: what
 * its headers and debug directory say about it, as {@code lm v} and {@code .isf} show it.
 */
public record MappedImage(VirtualMemory memory, long base) implements ImageBytes {

    @Override
    public int read(long rva, byte[] into) {
        return memory.readAvailable(base + rva, into, 0, into.length);
    }

    /** The image's headers; empty when they cannot be read. */
    public Optional<PeHeaders> headers(TypeCatalog types) {
        try {
            return Optional.of(PeHeaders.read(this, types));
        } catch (PeFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * What {@code lm v} shows of the image: time stamp, checksum, size, whether it is a /Brepro
     * build, its CodeView record and its version resource; empty when the headers are not PE32+ or
     * cannot be read.
     */
    public Optional<Facts> facts(TypeCatalog types) {
        try {
            PeHeaders headers = PeHeaders.read(this, types);
            if (!headers.hasPeSignature()) {
                return Optional.empty();
            }
            DebugDirectory debug = DebugDirectory.read(this, headers);
            return Optional.of(new Facts(headers.timeDateStamp(), headers.checkSum(), headers.sizeOfImage(),
                    debug.reproducible(), debug.codeView(this), version(headers)));
        } catch (PeFormatException e) {
            return Optional.empty();
        }
    }

    /** The version resource (RT_VERSION); empty when the image has none or it cannot be read. */
    private Optional<VersionInfo> version(PeHeaders headers) {
        try {
            Optional<byte[]> data = ResourceDirectory.find(this, headers, ResourceDirectory.RT_VERSION,
                    ResourceDirectory.VS_VERSION_INFO);
            return data.isEmpty() ? Optional.empty() : Optional.of(VersionInfo.decode(data.get()));
        } catch (PeFormatException e) {
            return Optional.empty();
        }
    }

    /** An image's identity as its headers and its version resource give it. */
    public record Facts(long timeDateStamp, long checkSum, long sizeOfImage, boolean reproducible,
                        Optional<CodeViewRecord> codeView, Optional<VersionInfo> version) {
    }

    /** The CodeView record naming the image's PDB; empty when it has none or it cannot be read. */
    public Optional<CodeViewRecord> codeView(TypeCatalog types) {
        try {
            return DebugDirectory.read(this, PeHeaders.read(this, types)).codeView(this);
        } catch (PeFormatException e) {
            return Optional.empty();
        }
    }
}
