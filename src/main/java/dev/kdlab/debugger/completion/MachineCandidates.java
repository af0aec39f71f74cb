package dev.kdlab.debugger.completion;

import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.symbols.LoadedModule;
import dev.kdlab.debugger.views.Eprocess;
import dev.kdlab.debugger.views.Processes;
import dev.kdlab.struct.StructView;
import dev.kdlab.pe.Register;
import dev.kdlab.types.Field;
import dev.kdlab.types.StructType;
import dev.kdlab.types.Type;
import dev.kdlab.types.TypeLookup;
import dev.kdlab.types.UnknownFieldException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The words the machine offers for completion, read as the commands read them: type names from the
 * target's catalog, members from a type's layout, symbols from the loaded modules, processes from
 * nt!PsActiveProcessHead, threads from the implicit process's thread list. Every method takes the
 * partial word and returns whole replacements for it; matching ignores case, as WinDbg's names do.
 */
final class MachineCandidates {
    /** The modules a type name may be qualified with (TypeLookup's). */
    private static final List<String> TYPE_MODULES = List.of("nt", "ntdll", "ntkrnlmp");
    /** The pseudo-registers the session answers (Session.register). */
    private static final List<String> PSEUDO_REGISTERS = List.of("$proc", "$thread", "$peb", "$teb", "$prcb", "$pcr",
            "$ip", "$csp", "$ptrsize", "$pagesize");

    private final Session session;

    MachineCandidates(Session session) {
        this.session = session;
    }

    /** {@code nt!_EPRO} -> {@code nt!_EPROCESS}, {@code _KTH} -> {@code _KTHREAD}, {@code n} -> {@code nt!}. */
    List<Candidate> types(String partial) {
        List<Candidate> out = new ArrayList<>();
        int bang = partial.indexOf('!');
        String module = bang < 0 ? "" : partial.substring(0, bang + 1);
        String typed = partial.substring(bang + 1);
        if (bang >= 0 && !TYPE_MODULES.contains(module.substring(0, bang).toLowerCase(Locale.ROOT))) {
            return out;
        }
        for (Type t : session.target().types().all()) {
            if (t instanceof StructType s && (s.isOpaque() || s.isAnonymous())) {
                continue;
            }
            if (startsWith(t.name(), typed)) {
                out.add(new Candidate(module + t.name(), "", true));
            }
        }
        if (bang < 0 && !partial.isEmpty()) {
            for (String m : TYPE_MODULES) {
                if (startsWith(m, partial)) {
                    out.add(Candidate.partial(m + "!"));
                }
            }
        }
        return out;
    }

    /**
     * Members of {@code typeName} for a dotted path being typed: {@code Pcb.Dir} -> {@code Pcb.DirectoryTableBase}.
     * Members of anonymous members count as the type's own (dt finds them so); an embedded structure
     * is not complete, since a '.' and its own members may follow.
     */
    List<Candidate> fields(String typeName, String partial) {
        List<Candidate> out = new ArrayList<>();
        Optional<TypeLookup.Found> found = new TypeLookup(session.target().types()).find(typeName);
        if (found.isEmpty() || !(found.get().type() instanceof StructType struct)) {
            return out;
        }
        int dot = partial.lastIndexOf('.');
        String head = dot < 0 ? "" : partial.substring(0, dot + 1);
        String typed = partial.substring(dot + 1);
        StructType container = struct;
        if (dot > 0) {
            try {
                Type inner = struct.path(partial.substring(0, dot)).field().type();
                if (!(inner instanceof StructType s)) {
                    return out;
                }
                container = s;
            } catch (UnknownFieldException e) {
                return out;
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Field f : members(container)) {
            if (startsWith(f.name(), typed) && seen.add(f.name().toLowerCase(Locale.ROOT))) {
                boolean embedded = f.type() instanceof StructType;
                out.add(new Candidate(head + f.name(), f.type().typeText(), !embedded));
            }
        }
        return out;
    }

    private static List<Field> members(StructType struct) {
        List<Field> fields = new ArrayList<>();
        for (Field f : struct.fields()) {
            if (f.isAnonymousMember()) {
                fields.addAll(members((StructType) f.type()));
            } else {
                fields.add(f);
            }
        }
        return fields;
    }

    /** {@code nt!PsAct} -> {@code nt!PsActiveProcessHead}, in the kernel's and the implicit process's modules. */
    List<Candidate> symbols(String partial) {
        List<Candidate> out = new ArrayList<>();
        int bang = partial.indexOf('!');
        if (bang < 0) {
            return out;
        }
        String typed = partial.substring(bang + 1);
        Optional<LoadedModule> module = session.contextModules().named(partial.substring(0, bang));
        if (module.isEmpty()) {
            return out;
        }
        String prefix = partial.substring(0, bang + 1);
        for (String name : module.get().symbols().rvas().keySet()) {
            if (startsWith(name, typed)) {
                out.add(Candidate.word(prefix + name));
            }
        }
        return out;
    }

    /** Module names, as {@code nt!} ready for a symbol, for a word that starts an expression. */
    List<Candidate> modules(String partial, boolean withBang) {
        List<Candidate> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (LoadedModule m : session.contextModules().modules()) {
            if (startsWith(m.name(), partial) && seen.add(m.name().toLowerCase(Locale.ROOT))) {
                out.add(withBang ? Candidate.partial(m.name() + "!") : Candidate.word(m.name()));
            }
        }
        return out;
    }

    /** {@code r} and {@code @...}: the general registers and the pseudo-registers the session answers. */
    List<Candidate> registers(String partial) {
        String at = partial.startsWith("@") ? "@" : "";
        String typed = partial.substring(at.length());
        List<String> names = new ArrayList<>();
        for (Register r : Register.values()) {
            names.add(r.displayName());
        }
        names.add("rip");
        names.add("cr3");
        names.addAll(PSEUDO_REGISTERS);
        return names.stream().filter(n -> startsWith(n, typed)).map(n -> Candidate.word(at + n)).toList();
    }

    /**
     * EPROCESS addresses, each described by its image name and Cid; a word with letters in it picks
     * processes by image name ({@code .process note} -> notepad's EPROCESS).
     */
    List<Candidate> processes(String partial) {
        List<Candidate> out = new ArrayList<>();
        String typed = partial.replace("`", "").toLowerCase(Locale.ROOT);
        boolean byAddress = isHex(typed);
        ProcessNames names = new ProcessNames(session);
        for (long eprocess : Processes.active(session)) {
            String address = Long.toHexString(eprocess);
            if (byAddress && !address.startsWith(typed)) {
                continue;
            }
            ProcessNames.Name name = names.read(eprocess);
            if (!byAddress && !startsWith(name.image(), typed)) {
                continue;
            }
            out.add(new Candidate(address, name.image() + "  Cid " + Hex.padded(name.cid(), 4), true));
        }
        return out;
    }

    /** The image names of the active processes ({@code !process 0 0 note} -> {@code notepad.exe}). */
    List<Candidate> imageNames(String partial) {
        Set<String> images = new LinkedHashSet<>();
        ProcessNames names = new ProcessNames(session);
        for (long eprocess : Processes.active(session)) {
            String image = names.read(eprocess).image();
            if (startsWith(image, partial)) {
                images.add(image);
            }
        }
        return images.stream().sorted(String.CASE_INSENSITIVE_ORDER).map(Candidate::word).toList();
    }

    /** The implicit process's ETHREAD addresses, each described by its Cid. */
    List<Candidate> threads(String partial) {
        List<Candidate> out = new ArrayList<>();
        String typed = partial.replace("`", "").toLowerCase(Locale.ROOT);
        if (!isHex(typed) || session.implicitProcess() == 0) {
            return out;
        }
        for (long ethread : Eprocess.at(session, session.implicitProcess()).threads()) {
            String address = Long.toHexString(ethread);
            if (address.startsWith(typed)) {
                StructView t = session.kernelStruct("_ETHREAD", ethread);
                out.add(new Candidate(address, "Cid " + Hex.padded(t.get("Cid.UniqueProcess"), 4) + "."
                        + Hex.padded(t.get("Cid.UniqueThread"), 4), true));
            }
        }
        return out;
    }

    static boolean startsWith(String name, String prefix) {
        return name.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    static boolean isHex(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (Character.digit(word.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
