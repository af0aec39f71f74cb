package dev.kdlab.memory;

import java.util.List;

/**
 * The record of one translation: every entry read on the way, and either the physical address or
 * the level at which the walk stopped. {@code !pte}, {@code !vtop} and the walk explainer print it.
 */
public record PageWalk(long directoryTableBase, long virtualAddress, List<Step> steps, long physicalAddress,
                       PagingLevel faultLevel) {

    /** One entry read: where it lives in physical memory and what it held. */
    public record Step(PagingLevel level, long entryAddress, long entry) {
        public boolean endsInLargePage() {
            return level.allowsLargePage() && Pte.isValid(entry) && Pte.isLarge(entry);
        }
    }

    public boolean translated() {
        return faultLevel == null;
    }

    public Step last() {
        return steps.get(steps.size() - 1);
    }
}
