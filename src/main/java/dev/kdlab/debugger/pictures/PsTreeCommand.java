package dev.kdlab.debugger.pictures;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.views.Eprocess;
import dev.kdlab.debugger.views.Processes;
import dev.kdlab.debugger.views.TokenUser;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code !kdlab.pstree}: kdlab's own picture of the process tree, read from the bytes of every
 * process on nt!PsActiveProcessHead: who started whom (InheritedFromUniqueProcessId), the session
 * (EPROCESS.Session), the user (the token's), in creation order. A parent that is no longer running
 * (the smss instances that start each session, userinit, which starts explorer) is drawn as
 * {@code <exited>} above the processes it started, since Windows keeps only its PID in them; a
 * PID that a later process reused is not mistaken for the parent when the child is older.
 */
public final class PsTreeCommand implements Command {

    /** One process as the tree shows it. */
    private record Entry(long eprocess, long pid, long parentPid, String image, String session, String user) {
    }

    @Override
    public void execute(Invocation invocation) throws SyntaxErrorException {
        invocation.arguments().expectEnd();
        Session session = invocation.session();
        PrintStream out = invocation.out();
        List<Entry> entries = new ArrayList<>();
        for (long eprocess : Processes.active(session)) {
            entries.add(read(session, eprocess));
        }
        Map<Long, Integer> position = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            position.putIfAbsent(entries.get(i).pid(), i);
        }
        Map<Long, TreeDrawing.Node> nodes = new HashMap<>();
        Map<Long, TreeDrawing.Node> exited = new LinkedHashMap<>();
        List<TreeDrawing.Node> roots = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            TreeDrawing.Node node = new TreeDrawing.Node(line(e));
            nodes.put(e.eprocess(), node);
            Integer parent = position.get(e.parentPid());
            if (parent != null && parent < i) {
                nodes.get(entries.get(parent).eprocess()).child(node);
            } else if (e.parentPid() == 0 || e.parentPid() == e.pid()) {
                roots.add(node);   // System's parent is the idle process, which is no process on the list
            } else {
                exited.computeIfAbsent(e.parentPid(), pid -> {
                    TreeDrawing.Node placeholder = new TreeDrawing.Node("<exited>  Cid " + Hex.padded(pid, 4));
                    roots.add(placeholder);
                    return placeholder;
                }).child(node);
            }
        }
        out.println("Processes by parent (InheritedFromUniqueProcessId), in creation order; "
                + "<exited> marks a parent that is no longer running");
        TreeDrawing drawing = new TreeDrawing(session.glyphs(), out);
        for (TreeDrawing.Node root : roots) {
            drawing.root(root);
        }
    }

    private static String line(Entry e) {
        return e.image() + "  Cid " + Hex.padded(e.pid(), 4) + "  Session " + e.session() + "  " + e.user()
                + "  " + Hex.plain(e.eprocess());
    }

    private static Entry read(Session session, long eprocess) {
        Eprocess p = Eprocess.at(session, eprocess);
        try {
            OptionalLong sessionId = p.sessionId();
            return new Entry(eprocess, p.processId(), p.parentProcessId(), p.imageFileName(),
                    sessionId.isEmpty() ? "none" : Long.toString(sessionId.getAsLong()), TokenUser.of(session, eprocess));
        } catch (MemoryAccessException e) {
            return new Entry(eprocess, 0, 0, "<unreadable>", "?", "?");
        }
    }
}
