package dev.kdlab.debugger.dx.model;

import dev.kdlab.debugger.dx.BoolValue;
import dev.kdlab.debugger.dx.ModelCollection;
import dev.kdlab.debugger.dx.ModelError;
import dev.kdlab.debugger.dx.ModelFunction;
import dev.kdlab.debugger.dx.ModelObject;
import dev.kdlab.debugger.dx.ModelValue;
import dev.kdlab.debugger.dx.NativeTypes;
import dev.kdlab.debugger.dx.NativeValue;
import dev.kdlab.debugger.dx.NumberValue;
import dev.kdlab.debugger.dx.Values;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.views.ListWalk;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.types.PointerType;
import dev.kdlab.types.StructType;
import dev.kdlab.types.Type;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The debugger data model over the target, built from its bytes like every command's output: the
 * {@code Debugger} namespace (Sessions, State, Utility), the session with its Processes (Idle, then
 * nt!PsActiveProcessHead, keyed by process id) and the debugger variables {@code @$cursession},
 * {@code @$curprocess}, {@code @$curthread} and {@code @$curstack}. Processes, threads, modules and handles
 * are {@link ProcessModel}'s; each object reads its fields when they are asked for.
 */
public final class DataModel {
    static final String PROCESSES_HELP = "The processes of the session, keyed by process id";

    private final DxContext context;
    private final Session session;
    private final ProcessModel processes;
    private final DeviceModel devices;

    public DataModel(DxContext context) {
        this.context = context;
        this.session = context.session();
        this.processes = new ProcessModel(context);
        this.devices = new DeviceModel(context);
    }

    public ProcessModel processes() {
        return processes;
    }

    /** The {@code Debugger} namespace. */
    public ModelObject debugger() {
        ModelObject collections = ModelObject.of(null, "Utility methods for collections")
                .add("FromListEntry", null, fromListEntry());
        ModelObject utility = ModelObject.of(null, "A set of utility methods useful to the debugger")
                .add("Collections", "Utility methods for collections", collections);
        return ModelObject.of(null, "The debugger's root namespace")
                .add("Sessions", "The list of sessions being debugged",
                        () -> ModelCollection.indexed(List.of(session()), context.poll(), null))
                .add("State", "State pertaining to the current execution of the debugger (e.g.: user variables)",
                        this::state)
                .add("Utility", "A set of utility methods useful to the debugger", utility);
    }

    private ModelObject state() {
        ModelObject debuggerVariables = ModelObject.of(null, null);
        for (String name : List.of("cursession", "curprocess", "curthread", "curstack")) {
            debuggerVariables.add(name, null, () -> variable(name).orElseThrow());
        }
        ModelObject userVariables = ModelObject.of(null, null);
        for (Map.Entry<String, ModelValue> v : session.modelVariables().all().entrySet()) {
            userVariables.add(v.getKey(), null, v.getValue());
        }
        return ModelObject.of(null, "State pertaining to the current execution of the debugger (e.g.: user variables)")
                .add("DebuggerVariables", "Debugger variables which are owned by the debugger and can be referenced by a"
                        + " pseudo-register prefix of @$", debuggerVariables)
                .add("UserVariables", "User variables which are maintained by the debugger and can be referenced by a"
                        + " pseudo-register prefix of @$", userVariables);
    }

    /** A debugger variable ({@code cursession}, {@code curprocess}, {@code curthread}, {@code curstack}). */
    public Optional<ModelValue> variable(String name) {
        return Optional.ofNullable(switch (name) {
            case "cursession" -> session();
            case "curprocess" -> processes.process(context.process());
            case "curthread" -> processes.thread(session.implicitThread());
            case "curstack" -> processes.stack(session.implicitThread());
            default -> null;
        });
    }

    /** The session: local kernel debugging of the running machine, or a kernel dump. */
    public ModelObject session() {
        boolean live = session.target().isLive();
        ModelObject target = ModelObject.of(null, "The target's attributes")
                .add("IsKernelTarget", null, BoolValue.TRUE)
                .add("IsLiveTarget", null, BoolValue.of(live));
        ModelObject machine = ModelObject.of(null, "The target machine's attributes")
                .add("PointerSize", null, NumberValue.unsigned(8));
        return ModelObject.of(live ? "Local KD" : "Kernel Dump", "A debugging session")
                .add("Processes", PROCESSES_HELP, processes::all)
                .add("Id", "The session's id", NumberValue.unsigned(0))
                .add("Attributes", "The session's attributes", ModelObject.of(null, null)
                        .add("Target", null, target)
                        .add("Machine", null, machine))
                .add("Devices", DeviceModel.HELP, devices::devices);
    }

    /**
     * {@code FromListEntry(ListHead, [ModuleName,] TypeName, FieldName)}: the structures a LIST_ENTRY list links
     * through one of their fields, walked from the head by the one list walker (so a looped list ends), each a
     * native object of that type.
     */
    private ModelFunction fromListEntry() {
        return new ModelFunction("FromListEntry(ListHead, [<ModuleName>], <TypeName>, <ListEntryFieldName>) - Creates an"
                + " iterable collection from a LIST_ENTRY structure", args -> {
                    if (args.size() < 3 || args.size() > 4) {
                        throw new ModelError("Incorrect number of arguments to method 'FromListEntry'");
                    }
                    String typeName = Values.text(args.get(args.size() - 2));
                    String field = Values.text(args.get(args.size() - 1));
                    StructType type = structType(typeName);
                    long offset;
                    try {
                        offset = type.offsetOf(field);
                    } catch (RuntimeException e) {
                        throw ModelError.notFound();
                    }
                    VirtualMemory memory = context.memory();
                    long head = listHead(args.get(0));
                    return ModelCollection.indexed(() -> new Iterator<ModelValue>() {
                        private final Iterator<Long> links = ListWalk.fromHead(memory, head).iterator();

                        @Override
                        public boolean hasNext() {
                            return links.hasNext();
                        }

                        @Override
                        public ModelValue next() {
                            if (!hasNext()) {
                                throw new NoSuchElementException();
                            }
                            return NativeValue.at(type, memory, links.next() - offset);
                        }
                    }, context.poll(), null);
                });
    }

    /** Where a list's head is: a LIST_ENTRY object, a pointer to one, or an address. */
    private static long listHead(ModelValue head) {
        if (head instanceof NativeValue n) {
            if (n.type() instanceof StructType && n.isLvalue()) {
                return n.address();
            }
            if (n.type() instanceof PointerType || n.isScalar()) {
                return n.read();
            }
        }
        return Values.longValue(head);
    }

    /** A structure type named as a string ({@code "nt!_EPROCESS"}, {@code "_LIST_ENTRY"}). */
    StructType structType(String written) {
        Type type = namedType(written).orElseThrow(() -> new ModelError("Unable to find type '" + written + "'"));
        if (!(type instanceof StructType struct)) {
            throw new ModelError("'" + written + "' is not a structure");
        }
        return struct;
    }

    /** A type of the catalog, or a C base type, by name ({@code nt!_EPROCESS}, {@code unsigned long}). */
    public Optional<Type> namedType(String written) {
        Optional<Type> base = NativeTypes.cName(written.strip());
        return base.isPresent() ? base : session.namedType(written.strip());
    }
}
