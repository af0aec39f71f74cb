package dev.kdlab.debugger.commands.expressions;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CrtFloat;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.views.TargetVersion;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;

import java.io.PrintStream;

/**
 * {@code .formats Expression}: one value in every format the engine knows (transcripts 4.1, 5.3):
 * <pre>
 * Evaluate expression:
 *   Hex:     00007ffe`47017344
 *   Decimal: 140730089698116
 *   Decimal (unsigned) : 140730089698116
 *   Octal:   0000003777710700271504
 *   Binary:  00000000 00000000 01111111 11111110 01000111 00000001 01110011 01000100
 *   Chars:   ...G.sD
 *   Time:    Wed Jun 13 06:10:08.969 1601 (UTC + 9:00)
 *   Float:   low 33139.3 high 4.59149e-041
 *   Double:  6.95299e-310
 * </pre>
 * Chars shows the bytes from the most significant, printable ones as they are (0x7f too: the
 * transcript's line is one character short where the value holds 7f) and the others as dots;
 * Time reads the value as a FILETIME in the target's time zone; Float the low and high DWORDs.
 */
public final class FormatsCommand implements Command {
    private static final int PRECISION = 6;

    @Override
    public void execute(Invocation invocation) throws ExpressionException, SyntaxErrorException {
        ArgumentScanner args = invocation.arguments();
        long value = args.nextExpression();
        args.expectEnd();
        PrintStream out = invocation.out();
        out.println("Evaluate expression:");
        out.println("  Hex:     " + Hex.backtick(value));
        out.println("  Decimal: " + value);
        out.println("  Decimal (unsigned) : " + Long.toUnsignedString(value));
        out.println("  Octal:   " + String.format("%22s", Long.toOctalString(value)).replace(' ', '0'));
        out.println("  Binary:  " + binary(value));
        out.println("  Chars:   " + chars(value));
        out.println("  Time:    " + TargetVersion.localTime(invocation.session(), value).orElse("***** Invalid FILETIME"));
        out.println("  Float:   low " + CrtFloat.single((int) value, PRECISION) + " high "
                + CrtFloat.single((int) (value >>> 32), PRECISION));
        out.println("  Double:  " + CrtFloat.dbl(value, PRECISION));
    }

    private static String binary(long value) {
        StringBuilder bits = new StringBuilder();
        for (int shift = 56; shift >= 0; shift -= 8) {
            String octet = Long.toBinaryString(value >>> shift & 0xff);
            bits.append(shift == 56 ? "" : " ").append("0".repeat(8 - octet.length())).append(octet);
        }
        return bits.toString();
    }

    private static String chars(long value) {
        StringBuilder chars = new StringBuilder();
        for (int shift = 56; shift >= 0; shift -= 8) {
            int c = (int) (value >>> shift & 0xff);
            chars.append(c >= 0x20 && c <= 0x7f ? (char) c : '.');
        }
        return chars.toString();
    }
}
