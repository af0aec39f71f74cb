package dev.kdlab.kernel.ke;

import dev.kdlab.kernel.image.UserImage;
import dev.kdlab.kernel.mm.UserSpace;

import java.util.List;

/**
 * What Ke needs to know of a process whose threads it initialises and settles: the process
 * manager's record of it (ps implements this, so Ke does not depend on ps).
 */
public interface KeProcess {
    long eprocess();

    long processId();

    /** The process's user half; null for a minimal process (System, Registry, MemCompression). */
    UserSpace user();

    /** The executable image; null for a minimal process. */
    UserImage image();

    /** The process's threads, in creation order. */
    List<Long> threads();
}
