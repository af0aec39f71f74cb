package dev.kdlab.debugger.commands.objects;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.objects.VadTrees;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.util.List;

/**
 * {@code !vad [Address [Flags]]} (transcripts 6.2): with no address the implicit process's VAD
 * tree, with a VAD's address the tree under it, as the modern table (VAD, level, start and end page,
 * commit, Private/Mapped/Exe, protection, file or pagefile section) and its totals. Flag 1 shows one
 * VAD in detail; a user address picks the implicit process's VAD that maps it.
 */
public final class VadCommand implements Command {
    private static final long KERNEL_SPACE = 0xffff8000_00000000L;
    static final String HEADER = "VAD             Level         Start             End              Commit";

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        Session session = invocation.session();
        VadTrees vads = new VadTrees(session);
        long root = session.kernelStruct("_EPROCESS", session.implicitProcess()).get("VadRoot.Root");
        long address = args.atEnd() ? root : args.nextWordExpression();
        int flags = args.atEnd() ? 0 : (int) args.nextWordExpression();
        args.expectEnd();
        StringBuilder out = new StringBuilder();
        if (Long.compareUnsigned(address, KERNEL_SPACE) < 0) {
            VadTrees.Vad vad = vads.find(root, address);
            if (vad == null) {
                throw new CommandException("No VAD found for address " + Hex.padded(address, 1)
                        + " in process " + Hex.plain(session.implicitProcess()));
            }
            if (flags == 1) {
                appendDetail(session, vads, vad, out);
            } else {
                out.append(HEADER).append('\n');
                appendRow(vads, vad, out);
            }
            invocation.out().print(out);
            return;
        }
        if (address == 0) {
            throw new CommandException("The process has no VADs");
        }
        if (flags == 1) {
            try {
                appendDetail(session, vads, vads.read(address, 0), out);
            } catch (MemoryAccessException e) {
                throw new CommandException("Unable to read VAD at " + Hex.plain(address));
            }
            invocation.out().print(out);
            return;
        }
        List<VadTrees.Vad> tree = vads.inOrder(address);
        if (tree.isEmpty()) {
            throw new CommandException("Unable to read VAD at " + Hex.plain(address));
        }
        out.append(HEADER).append('\n');
        long levels = 0;
        int depth = 0;
        long privateCommit = 0;
        long sharedCommit = 0;
        for (VadTrees.Vad vad : tree) {
            appendRow(vads, vad, out);
            levels += vad.level() + 1;
            depth = Math.max(depth, vad.level());
            privateCommit += vad.commit();
            sharedCommit += vads.sharedCommit(vad);
        }
        out.append('\n');
        out.append("Total VADs: ").append(tree.size()).append(", average level: ").append(levels / tree.size())
                .append(", maximum depth: ").append(depth).append('\n');
        out.append("Total private commit: 0x").append(Long.toHexString(privateCommit)).append(" pages (")
                .append(privateCommit * 4).append(" KB)\n");
        out.append("Total shared commit:  0x").append(Long.toHexString(sharedCommit)).append(" pages (")
                .append(sharedCommit * 4).append(" KB)\n");
        invocation.out().print(out);
    }

    /** One row: columns of 16 for start, end and commit, then kind, protection and description. */
    static void appendRow(VadTrees vads, VadTrees.Vad vad, StringBuilder out) {
        String kind = vad.privateMemory() ? "Private" : vad.image() ? "Mapped  Exe" : "Mapped";
        out.append(Hex.plain(vad.address())).append(String.format("%3d", vad.level()))
                .append(right(Long.toHexString(vad.startVpn()), 16)).append(right(Long.toHexString(vad.endVpn()), 16))
                .append(right(Long.toString(vad.commit()), 16)).append(' ').append(String.format("%-15s", kind))
                .append(String.format("%-19s", vad.protectionName())).append(vads.description(vad))
                .append('\n');
    }

    /** One VAD in detail, in the layout of the documentation's {@code !vad <addr> 1} with 64-bit values. */
    private static void appendDetail(Session session, VadTrees vads, VadTrees.Vad vad, StringBuilder out) {
        long controlArea = vad.privateMemory() ? 0 : vads.controlArea(vad);
        long firstPrototype = 0;
        if (!vad.privateMemory()) {
            firstPrototype = session.kernelStruct("_MMVAD", vad.address()).get("FirstPrototypePte");
        }
        long lastPrototype = firstPrototype == 0 ? 0 : firstPrototype + 8 * (vad.endVpn() - vad.startVpn());
        out.append('\n');
        out.append("VAD @ ").append(Hex.plain(vad.address())).append('\n');
        out.append("  Start VPN: ").append(right(Long.toHexString(vad.startVpn()), 16)).append("  End VPN: ")
                .append(right(Long.toHexString(vad.endVpn()), 16)).append("  Control Area:  ").append(Hex.plain(controlArea))
                .append('\n');
        out.append("  First ProtoPte: ").append(Hex.plain(firstPrototype)).append("  Last PTE ").append(Hex.plain(lastPrototype))
                .append("  Commit Charge ").append(right(Long.toHexString(vad.commit()), 9)).append(" (")
                .append(vad.commit()).append(".)\n");
        out.append("  Secured.Flink          0  Blink           0  Banked/Extend:        0 Offset 0\n");
        out.append("   ").append(vad.privateMemory() ? "Private" : vad.image() ? "ViewShare ImageMap" : "ViewShare")
                .append(' ').append(vad.protectionName()).append('\n');
        String description = vads.description(vad);
        if (!description.isEmpty()) {
            out.append('\n').append(description).append('\n');
        }
    }

    private static String right(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }
}
