package dev.kdlab.lang;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Evaluates the part of WinDbg's C++ expression syntax that kdlab supports, for {@code ??} (Microsoft Learn,
 * debuggercmds/c---numbers-and-operators): integer constants (decimal by default, {@code 0x} hex, {@code 0}
 * octal) typed as C types them; C's unary and binary integer operators with C's precedence and usual arithmetic
 * conversions; {@code sizeof(Type)} ({@code unsigned int64}); {@code #FIELD_OFFSET(Type, Field)} ({@code long});
 * and registers, which the docs say are ULONG64 except {@code @$proc}, {@code @$thread}, {@code @$peb} and
 * {@code @$teb}, which are pointers to their structures ({@code struct _EPROCESS *}).
 *
 * <p>Anything else (casts, members, arrays, symbols, which kdlab has no type information for) is an error in the
 * evaluator's words: {@code Unexpected token ')'} for a token it cannot take (transcripts section 7),
 * {@code Syntax error at ''} for an expression that ends too early, {@code Couldn't resolve error at '...'} for an
 * unknown name.
 *
 * <p>The grammar is grammar/dev/kdlab/lang/CppLexer.g4 and CppParser.g4.
 */
public final class CppEvaluator {

    /** The C spellings of base types that sizeof takes, with their x64 sizes. */
    private static final Map<String, Long> C_TYPE_SIZES = Map.ofEntries(
            Map.entry("char", 1L), Map.entry("signed char", 1L), Map.entry("unsigned char", 1L), Map.entry("bool", 1L),
            Map.entry("short", 2L), Map.entry("unsigned short", 2L), Map.entry("wchar_t", 2L),
            Map.entry("int", 4L), Map.entry("unsigned int", 4L), Map.entry("unsigned", 4L),
            Map.entry("long", 4L), Map.entry("unsigned long", 4L), Map.entry("float", 4L),
            Map.entry("__int64", 8L), Map.entry("unsigned __int64", 8L), Map.entry("long long", 8L),
            Map.entry("unsigned long long", 8L), Map.entry("double", 8L));

    /** The pseudo-registers the C++ evaluator types as pointers (docs), with the structures they point to. */
    private static final Map<String, String> TYPED_REGISTERS = Map.of(
            "$proc", "_EPROCESS", "$thread", "_ETHREAD", "$peb", "_PEB", "$teb", "_TEB");

    private CppEvaluator() {
    }

    /** Evaluates {@code expression}, which must be one whole C++ expression. */
    public static CppValue evaluate(String expression, ExpressionEnvironment env) throws ExpressionException {
        CppParser parser = AntlrSupport.parser(expression, CppLexer::new, CppParser::new);
        CppParser.ExpressionContext tree;
        try {
            tree = parser.expression();
        } catch (ParseCancellationException e) {
            Token offending = AntlrSupport.offendingToken(e);
            if (offending == null || offending.getType() == Token.EOF) {
                throw ExpressionException.syntaxError("");
            }
            throw ExpressionException.unexpectedToken(offending.getText());
        }
        return new Evaluation(expression, env).evaluate(tree.expr());
    }

    /** The values of one parsed expression. */
    private static final class Evaluation extends CppParserBaseVisitor<CppValue> {
        private final String text;
        private final ExpressionEnvironment env;

        Evaluation(String text, ExpressionEnvironment env) {
            this.text = text;
            this.env = env;
        }

        CppValue evaluate(CppParser.ExprContext tree) throws ExpressionException {
            return EvaluationFailure.unwrapped(() -> visit(tree));
        }

        // ---- operators

        @Override
        public CppValue visitUnary(CppParser.UnaryContext ctx) {
            CppValue operand = visit(ctx.expr());
            if (ctx.op.getType() == CppLexer.BANG) {
                return CppValue.bool(!operand.isTrue());
            }
            CppType type = integer(operand, ctx).type().promoted();
            return switch (ctx.op.getType()) {
                case CppLexer.MINUS -> CppValue.of(type, -operand.value());
                case CppLexer.TILDE -> CppValue.of(type, ~operand.value());
                default -> CppValue.of(type, operand.value());
            };
        }

        @Override
        public CppValue visitMultiplicative(CppParser.MultiplicativeContext ctx) {
            CppValue left = integer(visit(ctx.expr(0)), ctx);
            CppValue right = integer(visit(ctx.expr(1)), ctx);
            CppType type = CppType.common(left.type(), right.type());
            long a = type.normalize(left.value());
            long b = type.normalize(right.value());
            if (ctx.op.getType() == CppLexer.STAR) {
                return CppValue.of(type, a * b);
            }
            if (b == 0) {
                throw new EvaluationFailure(ExpressionException.operandError());
            }
            boolean divide = ctx.op.getType() == CppLexer.SLASH;
            if (type.signed()) {
                return CppValue.of(type, divide ? a / b : a % b);
            }
            return CppValue.of(type, divide ? Long.divideUnsigned(a, b) : Long.remainderUnsigned(a, b));
        }

        @Override
        public CppValue visitAdditive(CppParser.AdditiveContext ctx) {
            CppValue left = visit(ctx.expr(0));
            CppValue right = visit(ctx.expr(1));
            boolean plus = ctx.op.getType() == CppLexer.PLUS;
            if (left.type().isPointer() || right.type().isPointer()) {
                return pointerArithmetic(left, right, plus, ctx);
            }
            CppType type = CppType.common(left.type(), right.type());
            return CppValue.of(type, plus ? left.value() + right.value() : left.value() - right.value());
        }

        /** pointer ± integer steps by the pointee's size; pointer - pointer counts elements (an int64). */
        private CppValue pointerArithmetic(CppValue left, CppValue right, boolean plus, ParserRuleContext ctx) {
            if (left.type().isPointer() && right.type().isPointer()) {
                if (plus || !left.type().equals(right.type()) || left.type().pointeeSize() == 0) {
                    throw new EvaluationFailure(ExpressionException.typeConflict(restFrom(ctx.getStart())));
                }
                return CppValue.of(CppType.INT64, (left.value() - right.value()) / left.type().pointeeSize());
            }
            if (right.type().isPointer() && !plus) {
                throw new EvaluationFailure(ExpressionException.typeConflict(restFrom(ctx.getStart())));
            }
            CppValue pointer = left.type().isPointer() ? left : right;
            CppValue count = left.type().isPointer() ? right : left;
            long step = count.value() * pointer.type().pointeeSize();
            return CppValue.of(pointer.type(), plus ? pointer.value() + step : pointer.value() - step);
        }

        @Override
        public CppValue visitShift(CppParser.ShiftContext ctx) {
            CppValue left = integer(visit(ctx.expr(0)), ctx);
            CppValue right = integer(visit(ctx.expr(1)), ctx);
            CppType type = left.type().promoted();
            int count = (int) (right.value() & (8L * type.size() - 1));
            if (ctx.op.getType() == CppLexer.SHL) {
                return CppValue.of(type, left.value() << count);
            }
            long value = type.normalize(left.value());
            if (!type.signed() && type.size() < 8) {
                return CppValue.of(type, (value & 0xffff_ffffL) >>> count);
            }
            return CppValue.of(type, type.signed() ? value >> count : value >>> count);
        }

        @Override
        public CppValue visitRelational(CppParser.RelationalContext ctx) {
            int order = compare(visit(ctx.expr(0)), visit(ctx.expr(1)));
            return CppValue.bool(switch (ctx.op.getType()) {
                case CppLexer.LT -> order < 0;
                case CppLexer.GT -> order > 0;
                case CppLexer.LE -> order <= 0;
                default -> order >= 0;
            });
        }

        @Override
        public CppValue visitEquality(CppParser.EqualityContext ctx) {
            boolean equal = compare(visit(ctx.expr(0)), visit(ctx.expr(1))) == 0;
            return CppValue.bool(ctx.op.getType() == CppLexer.EQ == equal);
        }

        /** Compares in the operands' common type: signed or unsigned, as C does (pointers as unsigned). */
        private int compare(CppValue left, CppValue right) {
            if (left.type().isPointer() || right.type().isPointer()) {
                return Long.compareUnsigned(left.value(), right.value());
            }
            CppType type = CppType.common(left.type(), right.type());
            long a = type.normalize(left.value());
            long b = type.normalize(right.value());
            return type.signed() ? Long.compare(a, b) : Long.compareUnsigned(a, b);
        }

        @Override
        public CppValue visitBitwiseAnd(CppParser.BitwiseAndContext ctx) {
            return bitwise(ctx, ctx.expr(0), ctx.expr(1), '&');
        }

        @Override
        public CppValue visitBitwiseXor(CppParser.BitwiseXorContext ctx) {
            return bitwise(ctx, ctx.expr(0), ctx.expr(1), '^');
        }

        @Override
        public CppValue visitBitwiseOr(CppParser.BitwiseOrContext ctx) {
            return bitwise(ctx, ctx.expr(0), ctx.expr(1), '|');
        }

        private CppValue bitwise(ParserRuleContext ctx, CppParser.ExprContext leftTree, CppParser.ExprContext rightTree,
                                 char op) {
            CppValue left = integer(visit(leftTree), ctx);
            CppValue right = integer(visit(rightTree), ctx);
            CppType type = CppType.common(left.type(), right.type());
            long a = left.value();
            long b = right.value();
            return CppValue.of(type, op == '&' ? a & b : op == '^' ? a ^ b : a | b);
        }

        @Override
        public CppValue visitLogicalAnd(CppParser.LogicalAndContext ctx) {
            return CppValue.bool(visit(ctx.expr(0)).isTrue() && visit(ctx.expr(1)).isTrue());
        }

        @Override
        public CppValue visitLogicalOr(CppParser.LogicalOrContext ctx) {
            return CppValue.bool(visit(ctx.expr(0)).isTrue() || visit(ctx.expr(1)).isTrue());
        }

        @Override
        public CppValue visitOperand(CppParser.OperandContext ctx) {
            return visit(ctx.primary());
        }

        // ---- operands

        @Override
        public CppValue visitParenthesized(CppParser.ParenthesizedContext ctx) {
            return visit(ctx.expr());
        }

        /** C's constant typing: the first of int, (unsigned int for hex/octal), int64, unsigned int64 that holds it. */
        @Override
        public CppValue visitLiteral(CppParser.LiteralContext ctx) {
            Token token = ctx.INTEGER().getSymbol();
            String written = token.getText().toLowerCase(Locale.ROOT);
            boolean hex = written.startsWith("0x");
            int end = hex ? 2 : 0;
            while (end < written.length() && Character.digit(written.charAt(end), hex ? 16 : 10) >= 0) {
                end++;
            }
            String digits = written.substring(hex ? 2 : 0, end);
            boolean octal = !hex && digits.length() > 1 && digits.startsWith("0");
            BigInteger value = new BigInteger(digits, hex ? 16 : octal ? 8 : 10);
            if (value.bitLength() > 64) {
                throw new EvaluationFailure(ExpressionException.overflow(restFrom(token)));
            }
            return CppValue.of(literalType(value, !hex && !octal, written.substring(end)), value.longValue());
        }

        private static CppType literalType(BigInteger value, boolean decimal, String suffix) {
            boolean unsigned = suffix.contains("u");
            boolean wide = suffix.contains("ll") || suffix.contains("i64");
            boolean fitsInt = value.bitLength() < 32;
            boolean fitsUnsignedInt = value.bitLength() <= 32;
            boolean fitsInt64 = value.bitLength() < 64;
            if (!wide && !unsigned && fitsInt) {
                return suffix.contains("l") ? CppType.LONG : CppType.INT;
            }
            if (!wide && fitsUnsignedInt && (unsigned || !decimal)) {
                return suffix.contains("l") ? CppType.UNSIGNED_LONG : CppType.UNSIGNED_INT;
            }
            return !unsigned && fitsInt64 ? CppType.INT64 : CppType.UNSIGNED_INT64;
        }

        @Override
        public CppValue visitSizeofType(CppParser.SizeofTypeContext ctx) {
            CppParser.TypeNameContext type = ctx.typeName();
            if (!type.STAR().isEmpty()) {
                return CppValue.of(CppType.UNSIGNED_INT64, 8);
            }
            String name = typeText(type);
            Long base = C_TYPE_SIZES.get(name);
            OptionalLong size = base != null ? OptionalLong.of(base) : env.typeSize(name);
            if (size.isEmpty()) {
                throw new EvaluationFailure(ExpressionException.couldNotResolve(restFrom(type.getStart())));
            }
            return CppValue.of(CppType.UNSIGNED_INT64, size.getAsLong());
        }

        @Override
        public CppValue visitFieldOffset(CppParser.FieldOffsetContext ctx) {
            CppParser.TypeNameContext type = ctx.typeName();
            OptionalLong offset = env.fieldOffset(typeText(type), ctx.fieldPath().getText());
            if (offset.isEmpty()) {
                throw new EvaluationFailure(ExpressionException.couldNotResolve(restFrom(type.getStart())));
            }
            return CppValue.of(CppType.LONG, offset.getAsLong());
        }

        @Override
        public CppValue visitRegister(CppParser.RegisterContext ctx) {
            Token token = ctx.REGISTER().getSymbol();
            String name = token.getText().substring(1).toLowerCase(Locale.ROOT);
            OptionalLong value = env.register(name);
            if (value.isEmpty()) {
                throw new EvaluationFailure(ExpressionException.badRegister(restFrom(token)));
            }
            String struct = TYPED_REGISTERS.get(name);
            if (struct == null) {
                return CppValue.of(CppType.UNSIGNED_INT64, value.getAsLong());
            }
            return CppValue.of(CppType.pointerTo(struct, env.typeSize(struct).orElse(0)), value.getAsLong());
        }

        /** A name: kdlab's symbols carry no type information, so the C++ evaluator cannot use them. */
        @Override
        public CppValue visitSymbol(CppParser.SymbolContext ctx) {
            throw new EvaluationFailure(ExpressionException.couldNotResolve(restFrom(ctx.getStart())));
        }

        // ---- helpers

        /** The operand of an integer operator: a pointer there is a type conflict. */
        private CppValue integer(CppValue value, ParserRuleContext ctx) {
            if (value.type().isPointer()) {
                throw new EvaluationFailure(ExpressionException.typeConflict(restFrom(ctx.getStart())));
            }
            return value;
        }

        /** {@code nt!_EPROCESS}, {@code unsigned long}: the words of a type name joined by one blank. */
        private static String typeText(CppParser.TypeNameContext type) {
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < type.getChildCount(); i++) {
                if (type.getChild(i) instanceof TerminalNode word && word.getSymbol().getType() != CppLexer.STAR) {
                    name.append(name.isEmpty() ? "" : " ").append(word.getText());
                }
            }
            return name.toString();
        }

        private String restFrom(Token token) {
            return AntlrSupport.restFrom(text, token);
        }
    }
}
