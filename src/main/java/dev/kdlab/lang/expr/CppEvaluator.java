package dev.kdlab.lang.expr;

import dev.kdlab.lang.AntlrSupport;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.Nesting;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.types.FieldPath;
import dev.kdlab.types.StructType;
import dev.kdlab.types.Type;
import dev.kdlab.types.UnknownFieldException;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Evaluates WinDbg's C++ expressions, for {@code ??}, {@code @@c++( )} and {@code r?} (Microsoft Learn,
 * debuggercmds/c---numbers-and-operators): integer constants (decimal by default, {@code 0x} hex, {@code 0}
 * octal) typed as C types them; C's operators with C's precedence and usual arithmetic conversions;
 * casts to the catalog's types and pointers to them ({@code (nt!_EPROCESS*)@$t0}); member access with
 * {@code ->} and {@code .}, indexing, {@code *} and {@code &}, read from the target's memory through the
 * layouts; {@code sizeof(Type)} ({@code unsigned int64}); {@code #FIELD_OFFSET(Type, Field)} ({@code long});
 * {@code #CONTAINING_RECORD(Address, Type, Field)} (a {@code Type *}); registers, which are
 * {@code unsigned int64} except the typed pseudo-registers ({@code @$proc} is a {@code struct _EPROCESS *},
 * and a pseudo-register set with {@code r?} keeps its type); {@code @@masm( )} for a MASM part.
 *
 * <p>Errors are the evaluator's words: {@code Unexpected token ')'} for a token it cannot take (transcripts
 * section 7), {@code Syntax error at ''} for an expression that ends too early, {@code Couldn't resolve error
 * at '...'} for an unknown name or member, {@code Memory access error at '...'} for an unreadable object,
 * {@code Type conflict error at '...'} for an operator the types do not allow. An expression of more than
 * {@link MasmEvaluator#MAX_TOKENS} tokens is refused before it is parsed, so evaluation never runs deep.
 *
 * <p>The grammar is grammar/dev/kdlab/lang/CppLexer.g4 and CppParser.g4.
 */
public final class CppEvaluator {

    private CppEvaluator() {
    }

    /** Evaluates {@code expression}, which must be one whole C++ expression. */
    public static CppValue evaluate(String expression, ExpressionEnvironment env) throws ExpressionException {
        checkSize(expression);
        CppParser parser = AntlrSupport.parser(expression, CppLexer::new, CppParser::new);
        CppParser.ExpressionContext tree;
        try {
            tree = parser.expression();
        } catch (ParseCancellationException e) {
            throw syntaxError(e);
        }
        return new Evaluation(expression, env).evaluate(tree.expr());
    }

    /** The value of the longest C++ expression at the start of {@code text}, and how many characters it took. */
    public static Prefix evaluatePrefix(String text, ExpressionEnvironment env) throws ExpressionException {
        checkSize(text);
        CppParser parser = AntlrSupport.parser(text, CppLexer::new, CppParser::new);
        CppParser.ExpressionPrefixContext tree;
        try {
            tree = parser.expressionPrefix();
        } catch (ParseCancellationException e) {
            throw syntaxError(e);
        }
        return new Prefix(new Evaluation(text, env).evaluate(tree.expr()), tree.getStop().getStopIndex() + 1);
    }

    /** A value and the length of text it came from. */
    public record Prefix(CppValue value, int length) {
    }

    private static ExpressionException syntaxError(ParseCancellationException e) {
        Token offending = AntlrSupport.offendingToken(e);
        if (offending == null || offending.getType() == Token.EOF) {
            return ExpressionException.syntaxError("");
        }
        return ExpressionException.unexpectedToken(offending.getText());
    }

    private static void checkSize(String expression) throws ExpressionException {
        Nesting.checkExpression(expression);
        CppLexer lexer = new CppLexer(org.antlr.v4.runtime.CharStreams.fromString(expression));
        lexer.removeErrorListeners();
        int count = 0;
        for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
            if (++count > MasmEvaluator.MAX_TOKENS) {
                throw ExpressionException.tooComplex(AntlrSupport.restFrom(expression, token));
            }
        }
    }

    /** The values of one parsed expression. */
    private static final class Evaluation extends CppParserBaseVisitor<CppValue> {
        private final String text;
        private final ExpressionEnvironment env;

        Evaluation(String text, ExpressionEnvironment env) {
            this.text = text;
            this.env = env;
        }

        /** The whole expression's value: a scalar read, a struct or an array left where it is (?? shows them whole). */
        CppValue evaluate(CppParser.ExprContext tree) throws ExpressionException {
            return EvaluationFailure.unwrapped(() -> {
                CppValue v = visit(tree);
                return v.type().isScalar() ? load(v, tree) : v;
            });
        }

        /** An operand's value: an lvalue scalar is read, an array becomes a pointer to its first element. */
        private CppValue value(ParserRuleContext tree) {
            return load(visit(tree), tree);
        }

        private CppValue load(CppValue v, ParserRuleContext where) {
            if (!v.lvalue()) {
                return v;
            }
            CppType type = v.type();
            if (type.kind() == CppType.Kind.ARRAY) {
                return CppValue.of(CppType.pointerTo(type.element()), v.address());
            }
            if (!type.isScalar()) {
                return v;   // a struct stays where it is
            }
            try {
                long raw = env.readMemory(v.address(), (int) Math.min(8, Math.max(1, type.size())));
                return CppValue.of(type, raw);
            } catch (MemoryReadException e) {
                throw new EvaluationFailure(ExpressionException.memoryAccess(restFrom(where.getStart())));
            }
        }

        // ---- postfix

        @Override
        public CppValue visitPointerMember(CppParser.PointerMemberContext ctx) {
            CppValue pointer = value(ctx.expr());
            if (!pointer.type().isPointer()) {
                throw typeConflict(ctx.ARROW().getSymbol());
            }
            return member(deref(pointer, ctx), ctx.memberName());
        }

        @Override
        public CppValue visitMember(CppParser.MemberContext ctx) {
            CppValue object = visit(ctx.expr());
            return member(object, ctx.memberName());
        }

        private CppValue member(CppValue object, CppParser.MemberNameContext name) {
            if (object.type().kind() != CppType.Kind.STRUCT || !object.lvalue()) {
                throw typeConflict(name.getStart());
            }
            StructType struct = (StructType) object.type().layout();
            FieldPath path;
            try {
                path = struct.path(name.getText());
            } catch (UnknownFieldException e) {
                throw new EvaluationFailure(ExpressionException.couldNotResolve(restFrom(name.getStart())));
            }
            long address = object.address() + path.offset();
            if (path.field().isBitfield()) {
                try {
                    long unit = env.readMemory(address, path.field().bitfieldUnitBytes());
                    long bits = unit >>> path.field().bitPosition() & path.field().bitMask();
                    return CppValue.of(CppType.of(path.field().type()), bits);
                } catch (MemoryReadException e) {
                    throw new EvaluationFailure(ExpressionException.memoryAccess(restFrom(name.getStart())));
                }
            }
            return new CppValue(CppType.of(path.field().type()), 0, true, address);
        }

        @Override
        public CppValue visitIndex(CppParser.IndexContext ctx) {
            CppValue base = value(ctx.expr(0));
            CppValue index = integer(value(ctx.expr(1)), ctx.expr(1));
            if (!base.type().isPointer()) {
                throw typeConflict(ctx.LBRACKET().getSymbol());
            }
            CppValue element = CppValue.of(base.type(), base.value() + index.value() * base.type().stride());
            return deref(element, ctx);
        }

        private CppValue deref(CppValue pointer, ParserRuleContext ctx) {
            CppType target = pointer.type().element();
            if (target == null || target.kind() == CppType.Kind.VOID || target.kind() == CppType.Kind.FUNCTION) {
                throw typeConflict(ctx.getStart());
            }
            return new CppValue(target, 0, true, pointer.value());
        }

        // ---- unary

        @Override
        public CppValue visitCast(CppParser.CastContext ctx) {
            CppType type = type(ctx.typeName());
            CppValue operand = value(ctx.expr());
            if (!type.isScalar()) {
                throw typeConflict(ctx.typeName().getStart());
            }
            if (!operand.type().isScalar()) {
                throw typeConflict(ctx.expr().getStart());
            }
            return CppValue.of(type, operand.value());
        }

        @Override
        public CppValue visitUnary(CppParser.UnaryContext ctx) {
            int op = ctx.op.getType();
            if (op == CppLexer.AMP) {
                CppValue object = visit(ctx.expr());
                if (!object.lvalue()) {
                    throw typeConflict(ctx.op);
                }
                return CppValue.of(CppType.pointerTo(object.type()), object.address());
            }
            CppValue operand = value(ctx.expr());
            if (op == CppLexer.STAR) {
                if (!operand.type().isPointer()) {
                    throw typeConflict(ctx.op);
                }
                return deref(operand, ctx);
            }
            if (op == CppLexer.BANG) {
                return CppValue.bool(!scalar(operand, ctx).isTrue());
            }
            CppType type = integer(operand, ctx).type().promoted();
            return switch (op) {
                case CppLexer.MINUS -> CppValue.of(type, -operand.value());
                case CppLexer.TILDE -> CppValue.of(type, ~operand.value());
                default -> CppValue.of(type, operand.value());
            };
        }

        // ---- binary

        @Override
        public CppValue visitMultiplicative(CppParser.MultiplicativeContext ctx) {
            CppValue left = integer(value(ctx.expr(0)), ctx);
            CppValue right = integer(value(ctx.expr(1)), ctx);
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
            CppValue left = scalar(value(ctx.expr(0)), ctx);
            CppValue right = scalar(value(ctx.expr(1)), ctx);
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
                if (plus || !left.type().equals(right.type())) {
                    throw typeConflict(ctx.getStart());
                }
                return CppValue.of(CppType.INT64, (left.value() - right.value()) / left.type().stride());
            }
            if (right.type().isPointer() && !plus) {
                throw typeConflict(ctx.getStart());
            }
            CppValue pointer = left.type().isPointer() ? left : right;
            CppValue count = left.type().isPointer() ? right : left;
            long step = count.value() * pointer.type().stride();
            return CppValue.of(pointer.type(), plus ? pointer.value() + step : pointer.value() - step);
        }

        @Override
        public CppValue visitShift(CppParser.ShiftContext ctx) {
            CppValue left = integer(value(ctx.expr(0)), ctx);
            CppValue right = integer(value(ctx.expr(1)), ctx);
            CppType type = left.type().promoted();
            int count = (int) (right.value() & (8L * type.size() - 1));
            if (ctx.op.getType() == CppLexer.SHL) {
                return CppValue.of(type, left.value() << count);
            }
            long v = type.normalize(left.value());
            if (!type.signed() && type.size() < 8) {
                return CppValue.of(type, (v & 0xffff_ffffL) >>> count);
            }
            return CppValue.of(type, type.signed() ? v >> count : v >>> count);
        }

        @Override
        public CppValue visitRelational(CppParser.RelationalContext ctx) {
            int order = compare(value(ctx.expr(0)), value(ctx.expr(1)), ctx);
            return CppValue.bool(switch (ctx.op.getType()) {
                case CppLexer.LT -> order < 0;
                case CppLexer.GT -> order > 0;
                case CppLexer.LE -> order <= 0;
                default -> order >= 0;
            });
        }

        @Override
        public CppValue visitEquality(CppParser.EqualityContext ctx) {
            boolean equal = compare(value(ctx.expr(0)), value(ctx.expr(1)), ctx) == 0;
            return CppValue.bool(ctx.op.getType() == CppLexer.EQ == equal);
        }

        /** Compares in the operands' common type: signed or unsigned, as C does (pointers as unsigned). */
        private int compare(CppValue left, CppValue right, ParserRuleContext ctx) {
            scalar(left, ctx);
            scalar(right, ctx);
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
            CppValue left = integer(value(leftTree), ctx);
            CppValue right = integer(value(rightTree), ctx);
            CppType type = CppType.common(left.type(), right.type());
            long a = left.value();
            long b = right.value();
            return CppValue.of(type, op == '&' ? a & b : op == '^' ? a ^ b : a | b);
        }

        @Override
        public CppValue visitLogicalAnd(CppParser.LogicalAndContext ctx) {
            return CppValue.bool(scalar(value(ctx.expr(0)), ctx).isTrue() && scalar(value(ctx.expr(1)), ctx).isTrue());
        }

        @Override
        public CppValue visitLogicalOr(CppParser.LogicalOrContext ctx) {
            return CppValue.bool(scalar(value(ctx.expr(0)), ctx).isTrue() || scalar(value(ctx.expr(1)), ctx).isTrue());
        }

        @Override
        public CppValue visitConditional(CppParser.ConditionalContext ctx) {
            boolean condition = scalar(value(ctx.expr(0)), ctx).isTrue();
            return visit(ctx.expr(condition ? 1 : 2));
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

        /** C's constant typing (CppLiterals). */
        @Override
        public CppValue visitLiteral(CppParser.LiteralContext ctx) {
            Token token = ctx.INTEGER().getSymbol();
            try {
                return CppLiterals.integer(token.getText(), restFrom(token));
            } catch (ExpressionException e) {
                throw new EvaluationFailure(e);
            }
        }

        @Override
        public CppValue visitCharacter(CppParser.CharacterContext ctx) {
            return CppValue.of(CppType.CHAR, CppLiterals.character(ctx.CHARACTER().getText()));
        }

        @Override
        public CppValue visitBoolean(CppParser.BooleanContext ctx) {
            return CppValue.bool(ctx.TRUE() != null);
        }

        @Override
        public CppValue visitSizeofType(CppParser.SizeofTypeContext ctx) {
            return CppValue.of(CppType.UNSIGNED_INT64, type(ctx.typeName()).size());
        }

        @Override
        public CppValue visitFieldOffset(CppParser.FieldOffsetContext ctx) {
            return CppValue.of(CppType.LONG, offset(ctx.typeName(), ctx.fieldPath()));
        }

        @Override
        public CppValue visitContainingRecord(CppParser.ContainingRecordContext ctx) {
            CppValue address = scalar(value(ctx.expr()), ctx);
            CppType record = type(ctx.typeName());
            long offset = offset(ctx.typeName(), ctx.fieldPath());
            return CppValue.of(CppType.pointerTo(record), address.value() - offset);
        }

        private long offset(CppParser.TypeNameContext type, CppParser.FieldPathContext field) {
            Optional<Type> layout = type.STAR().isEmpty() ? env.namedType(typeText(type)) : Optional.empty();
            if (layout.isPresent() && layout.get() instanceof StructType struct) {
                try {
                    return struct.offsetOf(field.getText());
                } catch (UnknownFieldException e) {
                    throw new EvaluationFailure(ExpressionException.couldNotResolve(restFrom(type.getStart())));
                }
            }
            OptionalLong offset = env.fieldOffset(typeText(type), field.getText());
            if (offset.isEmpty()) {
                throw new EvaluationFailure(ExpressionException.couldNotResolve(restFrom(type.getStart())));
            }
            return offset.getAsLong();
        }

        @Override
        public CppValue visitRegister(CppParser.RegisterContext ctx) {
            Token token = ctx.REGISTER().getSymbol();
            String name = token.getText().substring(1).toLowerCase(Locale.ROOT);
            Optional<CppValue> typed = env.typedRegister(name);
            if (typed.isPresent()) {
                return typed.get();
            }
            OptionalLong value = env.register(name);
            if (value.isEmpty()) {
                throw new EvaluationFailure(ExpressionException.badRegister(restFrom(token)));
            }
            return CppValue.of(CppType.UNSIGNED_INT64, value.getAsLong());
        }

        /** {@code @@masm( )}: a MASM part, an unsigned int64 here. */
        @Override
        public CppValue visitMasm(CppParser.MasmContext ctx) {
            String written = ctx.MASM_EXPRESSION().getText();
            String inner = written.substring(written.indexOf('(') + 1, written.length() - 1);
            try {
                return CppValue.of(CppType.UNSIGNED_INT64, MasmEvaluator.evaluate(inner, env));
            } catch (ExpressionException e) {
                throw new EvaluationFailure(e);
            } catch (SyntaxErrorException e) {
                throw new EvaluationFailure(ExpressionException.syntaxError(inner.substring(Math.min(e.column(),
                        inner.length()))));
            }
        }

        @Override
        public CppValue visitNestedCpp(CppParser.NestedCppContext ctx) {
            String written = ctx.CPP_EXPRESSION().getText();
            String inner = written.substring(written.indexOf('(') + 1, written.length() - 1);
            try {
                return CppEvaluator.evaluate(inner, env);
            } catch (ExpressionException e) {
                throw new EvaluationFailure(e);
            }
        }

        /**
         * A symbol is an object of the type the symbols give it ({@code nt!PsActiveProcessHead} is a
         * {@code _LIST_ENTRY}); one with no known type is a {@code void} object, whose address {@code &} takes.
         */
        @Override
        public CppValue visitSymbol(CppParser.SymbolContext ctx) {
            String written = ctx.getText();
            int bang = written.indexOf('!');
            String module = bang < 0 ? null : written.substring(0, bang);
            String name = written.substring(bang + 1);
            OptionalLong address = env.symbol(module, name);
            if (address.isEmpty()) {
                throw new EvaluationFailure(ExpressionException.couldNotResolve(restFrom(ctx.getStart())));
            }
            CppType type = env.symbolType(module, name).map(CppType::of).orElse(CppType.VOID);
            return new CppValue(type, 0, true, address.getAsLong());
        }

        // ---- helpers

        /** A written type: the C names, or the catalog's ({@code nt!_EPROCESS}, {@code ULONG64}), then its stars. */
        private CppType type(CppParser.TypeNameContext ctx) {
            String name = typeText(ctx);
            CppType type = CppType.named(name);
            if (type == null) {
                Optional<Type> found = env.namedType(name);
                if (found.isEmpty()) {
                    throw new EvaluationFailure(ExpressionException.couldNotResolve(restFrom(ctx.getStart())));
                }
                type = CppType.of(found.get());
            }
            for (int i = 0; i < ctx.STAR().size(); i++) {
                type = CppType.pointerTo(type);
            }
            return type;
        }

        /** The operand of an integer operator: a pointer or a struct there is a type conflict. */
        private CppValue integer(CppValue value, ParserRuleContext ctx) {
            if (!value.type().isInteger()) {
                throw typeConflict(ctx.getStart());
            }
            return value;
        }

        /** An operand that must be one number: an integer or a pointer. */
        private CppValue scalar(CppValue value, ParserRuleContext ctx) {
            if (!value.type().isScalar()) {
                throw typeConflict(ctx.getStart());
            }
            return value;
        }

        private EvaluationFailure typeConflict(Token token) {
            return new EvaluationFailure(ExpressionException.typeConflict(restFrom(token)));
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
