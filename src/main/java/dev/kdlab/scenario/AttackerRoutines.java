package dev.kdlab.scenario;

import dev.kdlab.kernel.KernelSpace;
import dev.kdlab.kernel.ListEntry;
import dev.kdlab.kernel.NtTypes;
import dev.kdlab.memory.AddressSpace;
import dev.kdlab.struct.StructView;

/**
 * What an attacker's kernel code writes to hide or elevate: direct kernel object manipulation (DKOM)
 * on a booted machine. Each routine writes bytes the way the payload it plays writes them and tells the
 * kernel's bookkeeping nothing, so only the bytes show it (exercises-curriculum.md, labs 34-39).
 */
final class AttackerRoutines {
    /** The count bits of an _EX_FAST_REF (layouts-19041/_EX_FAST_REF.txt: RefCnt, Pos 0, 4 Bits). */
    static final long FAST_REF_COUNT = 0xf;
    /**
     * The first bytes of a typical x64 reverse-shell stub (cld; and rsp,-10h; call ...): what a
     * memory scan finds at an injected thread's start.
     */
    private static final byte[] SHELLCODE = {(byte) 0xfc, 0x48, (byte) 0x83, (byte) 0xe4, (byte) 0xf0, (byte) 0xe8,
        (byte) 0xc0, 0x00, 0x00, 0x00, 0x41, 0x51, 0x41, 0x50, 0x52, 0x51};

    private final KernelSpace space;

    AttackerRoutines(KernelSpace space) {
        this.space = space;
    }

    /**
     * FU's hide: RemoveEntryList on the victim's ActiveProcessLinks, then its own links point at
     * themselves, so that the kernel's removal at exit does not write into its former neighbours.
     */
    void unlinkActiveProcessLinks(long eprocess) {
        long links = eprocess + process(eprocess).type().offsetOf("ActiveProcessLinks");
        ListEntry.remove(space.memory(), links);
        space.write64(links, links);
        space.write64(links + 8, links);
    }

    /**
     * A token-stealing payload's last step: {@code victim->Token = system->Token}, with the count bits
     * the victim's own reference had (the payload keeps them so the count stays plausible). Returns the
     * token object, the fast reference's pointer part.
     */
    long stealToken(long system, long victim) {
        long systemToken = process(system).get("Token");
        long ownCount = process(victim).get("Token") & FAST_REF_COUNT;
        process(victim).put("Token", systemToken & ~FAST_REF_COUNT | ownCount);
        return systemToken & ~FAST_REF_COUNT;
    }

    /** A parent PID rewritten after the fact: the claimed parent is only a number. */
    void forgeParent(long child, long parentProcessId) {
        process(child).put("InheritedFromUniqueProcessId", parentProcessId);
    }

    /**
     * A remote thread's code: shellcode written into the page the injector allocated (VirtualAllocEx,
     * PAGE_EXECUTE_READWRITE) in the victim, and the thread's Win32StartAddress moved there, as
     * CreateRemoteThread would have set it.
     */
    void startThreadInPrivateCode(AddressSpace victim, long address, long ethread) {
        victim.write(address, SHELLCODE, 0, SHELLCODE.length);
        space.struct("_ETHREAD", ethread).put("Win32StartAddress", address);
    }

    /**
     * Process hollowing's last steps (after NtAllocateVirtualMemory of an RWX region, which the caller did
     * through the memory manager): the foreign image's headers written into the region, and the PEB's
     * ImageBaseAddress pointed at it, as the hollowing loader's WriteProcessMemory does. The original
     * image stays mapped at SectionBaseAddress.
     */
    void hollow(AddressSpace victim, long peb, long region) {
        byte[] headers = new byte[0x200];
        headers[0] = 'M';
        headers[1] = 'Z';
        headers[0x3c] = (byte) 0x80;   // e_lfanew
        headers[0x80] = 'P';
        headers[0x81] = 'E';
        victim.write(region, headers, 0, headers.length);
        victim.write(region + 0x400, SHELLCODE, 0, SHELLCODE.length);
        NtTypes.view(victim, "_PEB", peb).put("ImageBaseAddress", region);
    }

    /**
     * An object-type hook: one of the type's procedures (OBJECT_TYPE.TypeInfo.OpenProcedure...) pointed at
     * the attacker's code in a pool allocation, so every open, parse or delete of that type runs it first.
     */
    void hookObjectType(long objectType, String procedure, long code) {
        space.write(code, SHELLCODE);
        space.struct("_OBJECT_TYPE", objectType).put("TypeInfo." + procedure, code);
    }

    private StructView process(long eprocess) {
        return space.struct("_EPROCESS", eprocess);
    }
}
