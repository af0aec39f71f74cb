package dev.kdlab.debugger.commands.objects;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.struct.StructView;
import dev.kdlab.debugger.objects.KernelObject;
import dev.kdlab.debugger.objects.ObjectDirectories;
import dev.kdlab.debugger.objects.ObjectNames;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.util.OptionalLong;

/**
 * {@code !object Address|Path [Flags]}: an object's header as kdexts shows it (transcripts 6.4).
 * Flags (default 9): 1 counts and name, 8 with 1 a directory's entries by hash bucket and a
 * symbolic link's target, 0x10 the optional headers, 0x20 with 1 the full path of a named object.
 * A path starts with a backslash and is looked up name by name from the root directory.
 */
public final class ObjectCommand implements Command {
    private static final int DEFAULT_FLAGS = 0x9;
    private static final int COUNTS_AND_NAME = 0x1;
    private static final int CONTENTS = 0x8;
    private static final int OPTIONAL_HEADERS = 0x10;
    private static final int FULL_PATH = 0x20;
    private static final String[] OPTIONAL_NAMES = {"CreatorInfo", "NameInfo", "HandleInfo", "QuotaInfo",
            "ProcessInfo", "AuditInfo", "ExtendedInfo", "PaddingInfo"};

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments("Usage: !object [Address | Path] [Flags]");
        Session session = invocation.session();
        ObjectDisplay display = new ObjectDisplay(session);
        ObjectDirectories directories = new ObjectDirectories(session, display.types());
        long body;
        String word = args.peekWord().orElse("");
        if (word.startsWith("\\")) {
            args.nextWord();
            OptionalLong found = directories.lookup(word);
            if (found.isEmpty()) {
                throw new CommandException("Object " + word + " not found");
            }
            body = found.getAsLong();
        } else {
            body = args.nextWordExpression();
        }
        int flags = args.atEnd() ? DEFAULT_FLAGS : (int) args.nextWordExpression();
        args.expectEnd();
        KernelObject object = display.object(body);
        if (object == null) {
            throw new CommandException(Hex.plain(body) + ": Not a valid object (ObjectType invalid)");
        }
        StringBuilder out = new StringBuilder();
        ObjectDisplay.appendTitle(out, object);
        ObjectDisplay.appendHeader(out, object, "    ");
        if ((flags & COUNTS_AND_NAME) != 0) {
            display.appendCountsAndName(out, object, "    ", (flags & FULL_PATH) != 0);
        }
        if ((flags & OPTIONAL_HEADERS) != 0) {
            appendOptionalHeaders(out, object, display);
        }
        if ((flags & CONTENTS) != 0 && (flags & COUNTS_AND_NAME) != 0) {
            if (object.typeName().equals("Directory")) {
                appendDirectory(out, object.body(), directories, display);
            } else if (object.typeName().equals("SymbolicLink")) {
                out.append("    Target String is '")
                        .append(session.kernelStruct("_OBJECT_SYMBOLIC_LINK", body).unicodeString("LinkTarget"))
                        .append("'\n");
            }
        }
        invocation.out().print(out);
    }

    /** Each optional header the InfoMask announces, where it starts (nt!ObpInfoMaskToOffset). */
    private static void appendOptionalHeaders(StringBuilder out, KernelObject object, ObjectDisplay display) {
        out.append("Optional Headers: \n");
        for (int bit = 0; bit < OPTIONAL_NAMES.length; bit++) {
            if ((object.infoMask() & (1 << bit)) != 0) {
                long at = object.header() - display.types().optionalHeaderOffset(object.infoMask(), 1 << bit);
                out.append("    ").append(OPTIONAL_NAMES[bit]).append('(').append(Hex.padded(at, 8)).append(")\n");
            }
        }
    }

    /** The directory's entries: bucket, object, type (14 columns) and name; a bucket's number only on its first line. */
    private static void appendDirectory(StringBuilder out, long directory, ObjectDirectories directories,
                                        ObjectDisplay display) {
        out.append('\n');
        out.append("    Hash Address          Type          Name\n");
        out.append("    ---- -------          ----          ----\n");
        int lastBucket = -1;
        for (ObjectDirectories.Entry entry : directories.entries(directory)) {
            out.append(entry.bucket() == lastBucket ? "         " : String.format("     %02d  ", entry.bucket()));
            lastBucket = entry.bucket();
            KernelObject object = display.object(entry.object());
            String type = object == null ? "" : object.typeName();
            ObjectNames.Name name = object == null ? null : display.names().of(object);
            out.append(Hex.plain(entry.object())).append(' ')
                    .append(type.length() >= 14 ? type + " " : String.format("%-14s", type))
                    .append(name == null ? "(*** Name not accessible ***)" : name.name()).append('\n');
        }
    }
}
