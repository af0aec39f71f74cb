package dev.kdlab.lang.expr;

import dev.kdlab.lang.AntlrSupport;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.Nesting;
import dev.kdlab.lang.SyntaxErrorException;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

import java.math.BigInteger;
import dev.kdlab.types.WildcardPattern;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Evaluates MASM expressions, WinDbg's default syntax (transcripts, section 8; Microsoft Learn,
 * debuggercmds/masm-numbers-and-operators and sign-extension).
 *
 * <ul>
 *   <li>Default radix 16; {@code 0x} hex, {@code 0n} decimal, {@code 0t} octal, {@code 0y} binary,
 *       a trailing {@code h} is hex; a grave accent may split a 64-bit number.</li>
 *   <li>Kernel-mode sign extension: a constant from 0x80000000 to 0xFFFFFFFF written without a
 *       grave accent is sign-extended ({@code 80000000} is {@code ffffffff`80000000},
 *       {@code 00000000`80000000} is not).</li>
 *   <li>All arithmetic is unsigned 64-bit; comparisons give 1 or 0; division by zero is
 *       "Operand error".</li>
 *   <li>A bare word that is valid hex is a number ({@code dead}); otherwise a symbol, then a
 *       register ({@code rip}). {@code module!name} and {@code !name} are always symbols.</li>
 *   <li>{@code #FIELD_OFFSET(nt!_EPROCESS, Token)} and {@code sizeof(nt!_EPROCESS)} come from the type catalog
 *       through {@link ExpressionEnvironment}. The docs list both among the C++ evaluator's forms; kdlab also takes
 *       them in MASM, so {@code ? sizeof(nt!_EPROCESS)} works without {@code @@c++( )}.</li>
 * </ul>
 *
 * The grammar is grammar/dev/kdlab/lang/MasmLexer.g4 and MasmParser.g4; {@link Evaluation} gives the
 * parse tree its values.
 */
public final class MasmEvaluator {

    private MasmEvaluator() {
    }

    /** The value of the longest expression at the start of a text, and how many characters it took. */
    public record Prefix(long value, int length) {
    }

    /** Evaluates {@code expression}, which must be one whole MASM expression. */
    public static long evaluate(String expression, ExpressionEnvironment env)
            throws ExpressionException, SyntaxErrorException {
        checkSize(expression);
        MasmParser parser = parser(expression);
        MasmParser.ExpressionContext tree = AntlrSupport.parse(parser::expression, expression);
        return new Evaluation(expression, env).evaluate(tree.expr());
    }

    /**
     * Evaluates the longest MASM expression at the start of {@code text} (after leading blanks), as
     * WinDbg's commands read an expression argument: in "A A+0x40" it is "A", in "1 + 2 L4" it is
     * "1 + 2". The length counts up to the end of the expression's last token.
     */
    public static Prefix evaluatePrefix(String text, ExpressionEnvironment env)
            throws ExpressionException, SyntaxErrorException {
        checkSize(text);
        MasmParser parser = parser(text);
        MasmParser.ExpressionPrefixContext tree = AntlrSupport.parse(parser::expressionPrefix, text);
        long value = new Evaluation(text, env).evaluate(tree.expr());
        return new Prefix(value, tree.getStop().getStopIndex() + 1);
    }

    /**
     * How many characters of {@code text} the longest expression at its start takes (0 when none
     * starts there), without evaluating it: where {@code j}'s expression ends and its command begins.
     */
    public static int prefixLength(String text) {
        try {
            MasmParser.ExpressionPrefixContext tree = AntlrSupport.parse(parser(text)::expressionPrefix, text);
            return tree.getStop().getStopIndex() + 1;
        } catch (SyntaxErrorException e) {
            return 0;
        }
    }

    /**
     * The most tokens an expression may have. No real expression comes near it; the bound keeps parsing and
     * evaluation (both recursive) shallow, so a pathological line gets an error rather than a stack overflow,
     * as does the bound on nesting ({@link Nesting#EXPRESSION_DEPTH}), checked first.
     */
    public static final int MAX_TOKENS = 400;

    private static void checkSize(String text) throws ExpressionException {
        Nesting.checkExpression(text);
        MasmLexer lexer = new MasmLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        int count = 0;
        for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
            if (++count > MAX_TOKENS) {
                throw ExpressionException.tooComplex(AntlrSupport.restFrom(text, token));
            }
        }
    }

    private static MasmParser parser(String text) {
        return AntlrSupport.parser(text, MasmLexer::new, MasmParser::new);
    }

    /** The values of one parsed expression. */
    private static final class Evaluation extends MasmParserBaseVisitor<Long> {

        private static final long PAGE_SIZE = 0x1000;
        private static final long MAX_PAGES_CHECKED = 1 << 20;

        private final String text;
        private final ExpressionEnvironment env;

        Evaluation(String text, ExpressionEnvironment env) {
            this.text = text;
            this.env = env;
        }

        long evaluate(MasmParser.ExprContext tree) throws ExpressionException {
            return EvaluationFailure.unwrapped(() -> visit(tree));
        }

        // ---- operators

        @Override
        public Long visitUnary(MasmParser.UnaryContext ctx) {
            long value = visit(ctx.expr());
            return switch (ctx.op.getType()) {
                case MasmLexer.PLUS -> value;
                case MasmLexer.MINUS -> -value;
                case MasmLexer.NOT, MasmLexer.BANG -> value == 0 ? 1L : 0L;
                case MasmLexer.TILDE -> ~value;
                case MasmLexer.HI -> (value >>> 16) & 0xffff;
                case MasmLexer.LOW -> value & 0xffff;
                case MasmLexer.BY -> read(value, 1, ctx.expr());
                case MasmLexer.WO -> read(value, 2, ctx.expr());
                case MasmLexer.DWO -> read(value, 4, ctx.expr());
                case MasmLexer.QWO -> read(value, 8, ctx.expr());
                case MasmLexer.POI -> read(value, env.pointerSize(), ctx.expr());
                default -> throw new IllegalStateException("unary " + ctx.op.getText());
            };
        }

        @Override
        public Long visitMultiplicative(MasmParser.MultiplicativeContext ctx) {
            long left = visit(ctx.expr(0));
            long right = visit(ctx.expr(1));
            if (ctx.op.getType() == MasmLexer.STAR) {
                return left * right;
            }
            if (right == 0) {
                throw new EvaluationFailure(ExpressionException.operandError());
            }
            return ctx.op.getType() == MasmLexer.SLASH
                    ? Long.divideUnsigned(left, right)
                    : Long.remainderUnsigned(left, right);
        }

        @Override
        public Long visitAdditive(MasmParser.AdditiveContext ctx) {
            long left = visit(ctx.expr(0));
            long right = visit(ctx.expr(1));
            return ctx.op.getType() == MasmLexer.PLUS ? left + right : left - right;
        }

        @Override
        public Long visitShift(MasmParser.ShiftContext ctx) {
            long left = visit(ctx.expr(0));
            int count = (int) visit(ctx.expr(1)).longValue();
            return switch (ctx.op.getType()) {
                case MasmLexer.SHL -> left << count;
                case MasmLexer.SHR -> left >>> count;   // logical
                default -> left >> count;               // >>> is the arithmetic shift in MASM
            };
        }

        @Override
        public Long visitComparison(MasmParser.ComparisonContext ctx) {
            int order = Long.compareUnsigned(visit(ctx.expr(0)), visit(ctx.expr(1)));
            boolean result = switch (ctx.op.getType()) {
                case MasmLexer.EQ, MasmLexer.EQEQ -> order == 0;
                case MasmLexer.NE -> order != 0;
                case MasmLexer.LT -> order < 0;
                case MasmLexer.GT -> order > 0;
                case MasmLexer.LE -> order <= 0;
                default -> order >= 0;
            };
            return result ? 1L : 0L;
        }

        @Override
        public Long visitBitwiseAnd(MasmParser.BitwiseAndContext ctx) {
            return visit(ctx.expr(0)) & visit(ctx.expr(1));
        }

        @Override
        public Long visitBitwiseXor(MasmParser.BitwiseXorContext ctx) {
            return visit(ctx.expr(0)) ^ visit(ctx.expr(1));
        }

        @Override
        public Long visitBitwiseOr(MasmParser.BitwiseOrContext ctx) {
            return visit(ctx.expr(0)) | visit(ctx.expr(1));
        }

        @Override
        public Long visitOperand(MasmParser.OperandContext ctx) {
            return visit(ctx.primary());
        }

        // ---- operands

        @Override
        public Long visitParenthesized(MasmParser.ParenthesizedContext ctx) {
            return visit(ctx.expr());
        }

        @Override
        public Long visitMasmExpr(MasmParser.MasmExprContext ctx) {
            return visit(ctx.expr());
        }

        @Override
        public Long visitConstant(MasmParser.ConstantContext ctx) {
            Token token = ctx.number().getStart();
            String written = token.getText().toLowerCase(Locale.ROOT);
            String digits;
            int radix;
            switch (token.getType()) {
                case MasmLexer.CHARACTER -> {
                    return characters(token);
                }
                case MasmLexer.HEX_NUMBER -> { digits = written.substring(2); radix = 16; }
                case MasmLexer.DECIMAL_NUMBER -> { digits = written.substring(2); radix = 10; }
                case MasmLexer.OCTAL_NUMBER -> { digits = written.substring(2); radix = 8; }
                case MasmLexer.BINARY_NUMBER -> { digits = written.substring(2); radix = 2; }
                default -> {
                    boolean suffixed = written.endsWith("h");
                    digits = suffixed ? written.substring(0, written.length() - 1) : written;
                    radix = suffixed ? 16 : env.radix();
                    if (!fitsRadix(digits, radix)) {
                        // "n 10": dead is no number any more, so it names a symbol or a register
                        return name(token);
                    }
                }
            }
            boolean graveAccent = digits.indexOf('`') >= 0;
            digits = digits.replace("`", "");
            if (digits.isEmpty()) {
                return 0L;   // "0x" alone is 0
            }
            BigInteger value = new BigInteger(digits, radix);
            if (value.bitLength() > 64) {
                throw new EvaluationFailure(ExpressionException.overflow(restFrom(token)));
            }
            long number = value.longValue();
            // Kernel mode: 32-bit constants with bit 31 set are sign-extended unless a grave accent
            // marks them as 64-bit (Microsoft Learn, debuggercmds/sign-extension).
            if (!graveAccent && number >= 0x8000_0000L && number <= 0xFFFF_FFFFL) {
                number = (int) number;
            }
            return number;
        }

        private static boolean fitsRadix(String digits, int radix) {
            for (int i = 0; i < digits.length(); i++) {
                char c = digits.charAt(i);
                if (c != '`' && Character.digit(c, radix) < 0) {
                    return false;
                }
            }
            return true;
        }

        /** 'a' is 0x61; 'abcd' is 0x61626364: the characters' codes, the first the highest byte (at most 8). */
        private long characters(Token token) {
            String inner = token.getText().substring(1, token.getText().length() - 1);
            if (inner.length() > 8) {
                throw new EvaluationFailure(ExpressionException.overflow(restFrom(token)));
            }
            long value = 0;
            for (int i = 0; i < inner.length(); i++) {
                value = value << 8 | (inner.charAt(i) & 0xff);
            }
            return value;
        }

        @Override
        public Long visitQualifiedSymbol(MasmParser.QualifiedSymbolContext ctx) {
            Token token = ctx.SYMBOL().getSymbol();
            String written = token.getText();
            int bang = written.indexOf('!');
            String module = bang == 0 ? null : written.substring(0, bang);
            OptionalLong address = env.symbol(module, written.substring(bang + 1));
            if (address.isEmpty()) {
                throw new EvaluationFailure(ExpressionException.couldNotResolve(restFrom(token)));
            }
            return address.getAsLong();
        }

        @Override
        public Long visitBareName(MasmParser.BareNameContext ctx) {
            return name(ctx.NAME().getSymbol());
        }

        /** A word that is no number: a symbol, else a register (rip, cr3). */
        private long name(Token token) {
            OptionalLong symbol = env.symbol(null, token.getText());
            if (symbol.isPresent()) {
                return symbol.getAsLong();
            }
            OptionalLong register = env.register(token.getText().toLowerCase(Locale.ROOT));
            if (register.isPresent()) {
                return register.getAsLong();
            }
            throw new EvaluationFailure(ExpressionException.couldNotResolve(restFrom(token)));
        }

        @Override
        public Long visitRegister(MasmParser.RegisterContext ctx) {
            Token token = ctx.REGISTER().getSymbol();
            return register(token.getText().substring(1), token);
        }

        @Override
        public Long visitPseudoRegister(MasmParser.PseudoRegisterContext ctx) {
            Token token = ctx.PSEUDO_REGISTER().getSymbol();
            return register(token.getText(), token);
        }

        @Override
        public Long visitCurrentInstruction(MasmParser.CurrentInstructionContext ctx) {
            return register("$ip", ctx.DOT().getSymbol());
        }

        /**
         * The functions of the MASM docs: {@code $vvalid(Address, Length)} (1 when every page of the range can be
         * read), {@code $scmp("a", "b")} and {@code $sicmp} (-1, 0 or 1, as strcmp and stricmp), {@code $spat("String",
         * "Pattern")} (1 when the string matches the wildcard pattern, without regard to case), {@code $iment(Address)}
         * (the entry point of the image loaded there), and the physical reads {@code $pby $pwo $pdwo $pqwo $ppoi}.
         */
        @Override
        public Long visitFunction(MasmParser.FunctionContext ctx) {
            Token name = ctx.PSEUDO_REGISTER().getSymbol();
            String function = name.getText().toLowerCase(Locale.ROOT);
            List<MasmParser.ArgumentContext> arguments = ctx.argument();
            switch (function + "/" + arguments.size()) {
                case "$vvalid/2":
                    return rangeReadable(number(arguments.get(0)), number(arguments.get(1))) ? 1L : 0L;
                case "$scmp/2":
                    return (long) Integer.signum(string(arguments.get(0)).compareTo(string(arguments.get(1))));
                case "$sicmp/2":
                    return (long) Integer.signum(string(arguments.get(0)).compareToIgnoreCase(string(arguments.get(1))));
                case "$spat/2":
                    return WildcardPattern.of(string(arguments.get(1))).matches(string(arguments.get(0))) ? 1L : 0L;
                case "$iment/1":
                    return imageEntry(number(arguments.get(0)), arguments.get(0));
                case "$pby/1":
                    return physical(number(arguments.get(0)), 1, arguments.get(0));
                case "$pwo/1":
                    return physical(number(arguments.get(0)), 2, arguments.get(0));
                case "$pdwo/1":
                    return physical(number(arguments.get(0)), 4, arguments.get(0));
                case "$pqwo/1":
                    return physical(number(arguments.get(0)), 8, arguments.get(0));
                case "$ppoi/1":
                    return physical(number(arguments.get(0)), env.pointerSize(), arguments.get(0));
                default:
                    throw new EvaluationFailure(ExpressionException.badRegister(restFrom(name)));
            }
        }

        private long number(MasmParser.ArgumentContext argument) {
            if (argument.expr() == null) {
                throw new EvaluationFailure(ExpressionException.syntaxError(restFrom(argument.getStart())));
            }
            return visit(argument.expr());
        }

        /** A string argument with C's escapes read: "c:\dir\name.txt" holds a line feed (the docs' $spat example). */
        private String string(MasmParser.ArgumentContext argument) {
            if (argument.STRING() == null) {
                throw new EvaluationFailure(ExpressionException.syntaxError(restFrom(argument.getStart())));
            }
            String written = argument.STRING().getText();
            return CString.unescape(written.substring(1, written.length() - 1));
        }

        /** The image's entry point: its base plus OptionalHeader.AddressOfEntryPoint (PE/COFF spec). */
        private long imageEntry(long base, ParserRuleContext where) {
            long ntHeaders = base + read(base + 0x3c, 4, where);
            return base + read(ntHeaders + 0x28, 4, where);
        }

        private long physical(long address, int size, ParserRuleContext where) {
            try {
                return env.readPhysical(address, size);
            } catch (MemoryReadException e) {
                throw new EvaluationFailure(ExpressionException.memoryAccess(restFrom(where.getStop())));
            }
        }

        @Override
        public Long visitFieldOffsetMacro(MasmParser.FieldOffsetMacroContext ctx) {
            return visit(ctx.fieldOffset());
        }

        /** {@code @@c++( )} and {@code @@( )}: the C++ evaluator's value (a struct's or an array's address). */
        @Override
        public Long visitCppExpr(MasmParser.CppExprContext ctx) {
            String written = ctx.CPP_EXPRESSION().getText();
            String inner = written.substring(written.indexOf('(') + 1, written.length() - 1);
            try {
                return CppEvaluator.evaluate(inner, env).asNumber();
            } catch (ExpressionException e) {
                throw new EvaluationFailure(e);
            }
        }

        @Override
        public Long visitFieldOffset(MasmParser.FieldOffsetContext ctx) {
            OptionalLong offset = env.fieldOffset(ctx.typeName().getText(), ctx.fieldPath().getText());
            if (offset.isEmpty()) {
                throw new EvaluationFailure(ExpressionException.couldNotResolve(restFrom(ctx.typeName().getStart())));
            }
            return offset.getAsLong();
        }

        // sizeofOperator and cppSizeof have the one child sizeofType, whose value visitChildren returns

        @Override
        public Long visitSizeofType(MasmParser.SizeofTypeContext ctx) {
            OptionalLong size = env.typeSize(ctx.typeName().getText());
            if (size.isEmpty()) {
                throw new EvaluationFailure(ExpressionException.couldNotResolve(restFrom(ctx.typeName().getStart())));
            }
            return size.getAsLong();
        }

        // ---- helpers

        private long register(String name, Token token) {
            OptionalLong value = env.register(name.toLowerCase(Locale.ROOT));
            if (value.isEmpty()) {
                throw new EvaluationFailure(ExpressionException.badRegister(restFrom(token)));
            }
            return value.getAsLong();
        }

        /** Reads memory for poi and friends; an error names the text from the operand's last token. */
        private long read(long address, int size, ParserRuleContext operand) {
            try {
                return env.readMemory(address, size);
            } catch (MemoryReadException e) {
                throw new EvaluationFailure(ExpressionException.memoryAccess(restFrom(operand.getStop())));
            }
        }

        private boolean rangeReadable(long address, long length) {
            if (length == 0) {
                return true;
            }
            long last = address + length - 1;
            if (Long.compareUnsigned(last, address) < 0) {
                return false;
            }
            long page = address & -PAGE_SIZE;
            for (long checked = 0; checked < MAX_PAGES_CHECKED; checked++) {
                long probe = Long.compareUnsigned(page, address) < 0 ? address : page;
                try {
                    env.readMemory(probe, 1);
                } catch (MemoryReadException e) {
                    return false;
                }
                if (Long.compareUnsigned(last - page, PAGE_SIZE) < 0) {
                    return true;
                }
                page += PAGE_SIZE;
            }
            return true;
        }

        private String restFrom(Token token) {
            return AntlrSupport.restFrom(text, token);
        }
    }
}
