package dev.kdlab.lang.alias;

import java.util.Optional;

/** The aliases defined at the moment a line is expanded: user-named ones, $argN of a script, .foreach's variable. */
@FunctionalInterface
public interface AliasTable {

    /** The value of an alias (names are case-sensitive); empty when it is not defined. */
    Optional<String> value(String name);
}
