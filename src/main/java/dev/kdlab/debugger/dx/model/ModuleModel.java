package dev.kdlab.debugger.dx.model;

import dev.kdlab.debugger.dx.ModelCollection;
import dev.kdlab.debugger.dx.ModelObject;
import dev.kdlab.debugger.dx.ModelValue;
import dev.kdlab.debugger.dx.NativeValue;
import dev.kdlab.debugger.dx.NumberValue;
import dev.kdlab.debugger.dx.StringValue;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.symbols.LoadedModule;
import dev.kdlab.debugger.views.Eprocess;
import dev.kdlab.debugger.views.LoaderEntry;
import dev.kdlab.debugger.views.LoaderList;
import dev.kdlab.memory.VirtualMemory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The modules of a process's address space, as the data model lists them in kernel mode: the images of its PEB
 * loader list in load order, then the kernel's (nt!PsLoadedModuleList), which {@code lm} lists by address. A
 * module is shown by its Name, the image path {@code lm v} prints ({@code C:\Windows\System32\ntdll.dll}; the
 * kernel as its symbols name it, {@code ntkrnlmp.exe}, transcripts 6.8), and has its BaseAddress, Size and
 * Contents (Headers: the DOS and NT headers at its base, read in the address space it is mapped in).
 */
final class ModuleModel {
    static final String HELP = "The modules of the process's address space: its loader list's images, then the kernel's";

    private final DxContext context;
    private final Session session;

    ModuleModel(DxContext context) {
        this.context = context;
        this.session = context.session();
    }

    ModelCollection of(long eprocess) {
        return ModelCollection.indexed(() -> {
            VirtualMemory memory = ProcessModel.memoryOf(session, eprocess);
            List<ModelValue> modules = new ArrayList<>();
            for (LoaderEntry entry : LoaderList.process(session, memory, Eprocess.at(session, eprocess).peb())) {
                modules.add(module(Objects.requireNonNullElse(entry.fullDllName(), ""), entry, memory));
            }
            for (LoadedModule kernel : session.kernelModules().modules()) {
                String name = kernel.symbolsLoaded() ? kernel.symbols().imageName()
                        : Objects.requireNonNullElse(kernel.entry().fullDllName(), "");
                modules.add(module(name, kernel.entry(), session.kernel()));
            }
            return modules.iterator();
        }, context.poll(), HELP);
    }

    private ModelObject module(String name, LoaderEntry entry, VirtualMemory memory) {
        long base = entry.dllBase();
        ModelObject headers = ModelObject.of(null, "The image's headers")
                .add("DosHeader", "The image's DOS header",
                        () -> NativeValue.at(session.type("_IMAGE_DOS_HEADER"), memory, base))
                .add("NtHeaders", "The image's NT headers", () -> NativeValue.at(session.type("_IMAGE_NT_HEADERS64"),
                        memory, base + memory.readInt(base + session.type("_IMAGE_DOS_HEADER").offsetOf("e_lfanew"))));
        return ModelObject.of(name, "A module of the process")
                .add("BaseAddress", "The module's base address", NumberValue.unsigned(base))
                .add("Name", "The module's image path", new StringValue(name))
                .add("Size", "The module's size in memory", NumberValue.unsigned(entry.sizeOfImage()))
                .add("Contents", "The image's contents", ModelObject.of(null, "The image's contents")
                        .add("Headers", "The image's headers", headers));
    }
}
