package dev.kdlab.lang.alias;

/** Alias replacement that would never end: an alias whose value leads back to itself, or grows without bound. */
public class AliasExpansionException extends Exception {
    public AliasExpansionException(String message) {
        super(message, null, false, false);
    }
}
