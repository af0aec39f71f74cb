package dev.kdlab.lang.arguments;

import dev.kdlab.lang.SyntaxErrorException;

/**
 * A range longer than WinDbg's sanity limit of 256 MB without {@code L?} (Microsoft Learn,
 * debuggercmds, address-and-address-range-syntax: "L? Size ... lifts the 256 MB limit"). The engine
 * reports it as it reports a syntax error, with a caret where it stopped reading, after the length:
 * <pre>
 * lkd&gt; db ffffc509`c5488040 L20000000
 *                                   ^ Range error in 'db ffffc509`c5488040 L20000000'
 * </pre>
 */
public final class RangeErrorException extends SyntaxErrorException {

    public RangeErrorException(int column, String text) {
        super(column, text, "Range error");
    }

    @Override
    public SyntaxErrorException shifted(int offset, String enclosingText) {
        return new RangeErrorException(column() + offset, enclosingText);
    }
}
