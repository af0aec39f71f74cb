package dev.kdlab.lang;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How kdlab runs its ANTLR parsers: no console output, stop at the first error, and turn that
 * error into a {@link SyntaxErrorException} at the column of the offending token (the end of the
 * text when input ran out).
 */
public final class AntlrSupport {

    private AntlrSupport() {
    }

    /** A parser over {@code text}, lexed by the lexer that {@code lexerFactory} makes. */
    public static <P extends Parser> P parser(String text,
                                       Function<org.antlr.v4.runtime.CharStream, ? extends Lexer> lexerFactory,
                                       Function<CommonTokenStream, P> parserFactory) {
        Lexer lexer = lexerFactory.apply(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        P parser = parserFactory.apply(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        return parser;
    }

    /** Runs one start rule; a syntax error becomes a {@link SyntaxErrorException}. */
    public static <T> T parse(Supplier<T> startRule, String text) throws SyntaxErrorException {
        try {
            return startRule.get();
        } catch (ParseCancellationException e) {
            throw new SyntaxErrorException(errorColumn(e, text), text);
        }
    }

    private static int errorColumn(ParseCancellationException e, String text) {
        Token offending = offendingToken(e);
        if (offending == null) {
            return 0;
        }
        return offending.getType() == Token.EOF ? text.length() : offending.getStartIndex();
    }

    /** The input from a token to the end, as WinDbg quotes it in "... error at '...'". */
    public static String restFrom(String text, Token token) {
        return text.substring(token.getStartIndex()).stripTrailing();
    }

    /** The token a bailing parser stopped at (EOF when input ran out), or null when unknown. */
    public static Token offendingToken(ParseCancellationException e) {
        return e.getCause() instanceof RecognitionException recognition ? recognition.getOffendingToken() : null;
    }
}
