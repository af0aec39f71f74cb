package dev.kdlab.kernel;

import java.util.List;

/**
 * An {@code _RTL_AVL_TABLE} as RtlInitializeGenericTableAvl and RtlInsertElementGenericTableAvl
 * leave it: BalancedRoot is a sentinel whose Parent is itself and whose RightChild is the tree's
 * root; each element lives in a node of the caller's allocation, an {@code _RTL_BALANCED_LINKS}
 * header followed by the user data at {@link #USER_DATA} (the TABLE_ENTRY_HEADER of ntrtl.h), and
 * Balance is -1, 0 or 1 (right height minus left height).
 *
 * <p>Windows rotates as it inserts; kdlab links the nodes once, sorted, into the balanced tree of
 * the same elements (a valid AVL tree, though not necessarily the shape an insertion history
 * would leave).
 */
public final class AvlTable {
    /** Where the user data starts in a node: after the 0x20-byte balanced links. */
    public static final int USER_DATA = 0x20;

    private final KernelSpace space;
    private final long table;

    public AvlTable(KernelSpace space, long table) {
        this.space = space;
        this.table = table;
    }

    /** RtlInitializeGenericTableAvl: an empty table with its routines. */
    public void RtlInitializeGenericTableAvl(long compareRoutine, long allocateRoutine, long freeRoutine) {
        space.fresh("_RTL_AVL_TABLE", table)
                .put("BalancedRoot.Parent", table)
                .put("CompareRoutine", compareRoutine)
                .put("AllocateRoutine", allocateRoutine)
                .put("FreeRoutine", freeRoutine)
                .flush();
    }

    /** Links {@code nodes}, already in the table's compare order, as the table's balanced tree. */
    public void link(List<Long> nodes) {
        int depth = link(nodes, 0, nodes.size() - 1, table);
        space.batch("_RTL_AVL_TABLE", table)
                .put("BalancedRoot.RightChild", nodes.isEmpty() ? 0 : nodes.get((nodes.size() - 1) >>> 1))
                .put("NumberGenericTableElements", nodes.size())
                .put("DepthOfTree", depth)
                .flush();
    }

    /** Links nodes[low..high] under {@code parent}; returns the subtree's height. */
    private int link(List<Long> nodes, int low, int high, long parent) {
        if (low > high) {
            return 0;
        }
        int middle = (low + high) >>> 1;
        long node = nodes.get(middle);
        int left = link(nodes, low, middle - 1, node);
        int right = link(nodes, middle + 1, high, node);
        space.batch("_RTL_BALANCED_LINKS", node)
                .put("Parent", parent)
                .put("LeftChild", low <= middle - 1 ? nodes.get((low + middle - 1) >>> 1) : 0)
                .put("RightChild", middle + 1 <= high ? nodes.get((middle + 1 + high) >>> 1) : 0)
                .put("Balance", (right - left) & 0xff)
                .flush();
        return 1 + Math.max(left, right);
    }
}
