package dev.kdlab.kernel.image;

import java.util.HashMap;
import java.util.Map;

/**
 * The images one thread's chain runs through and where each is loaded: nt in the kernel, the system
 * DLLs and the process's EXE in user space. Resolves chain entries written as WinDbg prints them:
 * {@code KiSwapThread+0x500} (nt), {@code KERNELBASE!WaitForSingleObjectEx+0x8e}, {@code ntdll!NtDelayExecution}
 * and {@code $exe!ThreadProc+0x5b} for the process's own image.
 */
public final class CodeMap {
    public static final String EXE = "$exe";

    /** A resolved entry: the function and the address (a return address, or the function's start). */
    public record Site(CodeFunction function, long address) {
    }

    private final Map<String, ImageCode> images = new HashMap<>();
    private final Map<String, Long> bases = new HashMap<>();
    private final Map<String, Site> resolved = new HashMap<>();

    public CodeMap add(String module, ImageCode image, long base) {
        images.put(module, image);
        bases.put(module, base);
        return this;
    }

    public boolean has(String module) {
        return images.containsKey(module);
    }

    public ImageCode image(String module) {
        return images.get(module);
    }

    long base(String module) {
        return bases.get(module);
    }

    /** Resolved once per map: every thread of a process (or every kernel stack) reuses the same entries. */
    public Site resolve(String entry) {
        Site site = resolved.get(entry);
        if (site == null) {
            site = parse(entry);
            resolved.put(entry, site);
        }
        return site;
    }

    private Site parse(String entry) {
        int bang = entry.indexOf('!');
        String module = bang < 0 ? "nt" : entry.substring(0, bang);
        String rest = entry.substring(bang + 1);
        int plus = rest.indexOf("+0x");
        String symbol = plus < 0 ? rest : rest.substring(0, plus);
        int offset = plus < 0 ? 0 : Integer.parseInt(rest.substring(plus + 3), 16);
        ImageCode image = images.get(module);
        if (image == null) {
            throw new IllegalArgumentException("no image " + module + " for " + entry);
        }
        CallSite site = image.site(symbol, offset);
        return new Site(site.function(), site.address(bases.get(module)));
    }
}
