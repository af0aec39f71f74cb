package dev.kdlab.debugger.dx;

import dev.kdlab.debugger.dx.model.DataModel;
import dev.kdlab.debugger.dx.model.DxContext;
import dev.kdlab.debugger.Session;
import dev.kdlab.lang.expr.CppLiterals;
import dev.kdlab.lang.expr.CppType;
import dev.kdlab.lang.expr.CppValue;
import dev.kdlab.lang.dx.DxParser;
import dev.kdlab.lang.dx.DxParserBaseVisitor;
import dev.kdlab.lang.dx.DxParsing;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.types.BaseType;
import dev.kdlab.types.PointerType;
import dev.kdlab.types.Type;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Evaluates a dx expression (grammar/dev/kdlab/lang/DxParser.g4) over the data model. Names are bound as the
 * engine binds them: lambda parameters, then the {@code Debugger} namespace, then symbols
 * ({@code nt!PsActiveProcessHead} is a {@code _LIST_ENTRY}, with the types the session knows for nt's globals);
 * {@code @$name} is a variable set with {@code dx @$name = ...}, a debugger variable ({@code @$curprocess}), a
 * typed pseudo-register ({@code @$peb} is a {@code _PEB *}) or a pseudo-register. Member access reads a model
 * object's property or a native structure's field ('.' and '->' alike, a pointer followed), a method call goes
 * to {@link Methods}, and the operators are C's, on numbers read from memory, with pointer arithmetic and string
 * comparison. What an operand needs is read when it is evaluated; a collection is read when it is iterated.
 */
public final class Evaluator extends DxParserBaseVisitor<ModelValue> {
    /** How deep lambdas may call lambdas (a variable holding a lambda that calls itself ends here). */
    static final int MAX_CALL_DEPTH = 100;

    private final DxContext context;
    private final DataModel model;
    private final Session session;
    private final String text;
    private final Scope scope;

    /** Lambda parameters in scope, innermost first. */
    private record Scope(String name, ModelValue value, Scope outer) {
        Optional<ModelValue> find(String wanted) {
            for (Scope s = this; s != null; s = s.outer) {
                if (s.name.equals(wanted)) {
                    return Optional.of(s.value);
                }
            }
            return Optional.empty();
        }
    }

    public Evaluator(DxContext context, DataModel model, String text) {
        this(context, model, text, null);
    }

    private Evaluator(DxContext context, DataModel model, String text, Scope scope) {
        this.context = context;
        this.model = model;
        this.session = context.session();
        this.text = text;
        this.scope = scope;
    }

    public ModelValue evaluate(DxParser.ExprContext tree) {
        return visit(tree);
    }

    // ---- postfix

    @Override
    public ModelValue visitMember(DxParser.MemberContext ctx) {
        ModelValue target = visit(ctx.expr());
        String name = ctx.memberName().getText();
        return target.property(name).orElseThrow(ModelError::notFound);
    }

    @Override
    public ModelValue visitIndex(DxParser.IndexContext ctx) {
        ModelValue target = visit(ctx.expr(0));
        ModelValue index = visit(ctx.expr(1));
        if (target instanceof ModelCollection collection) {
            return collection.get(index);
        }
        if (target instanceof NativeValue n) {
            return n.element(Values.longValue(index));
        }
        throw ModelError.invalidOperation("indexing this object");
    }

    @Override
    public ModelValue visitCall(DxParser.CallContext ctx) {
        List<ModelValue> arguments = new ArrayList<>();
        if (ctx.arguments() != null) {
            for (DxParser.ExprContext argument : ctx.arguments().expr()) {
                arguments.add(visit(argument));
            }
        }
        if (ctx.expr() instanceof DxParser.MemberContext member) {
            ModelValue target = visit(member.expr());
            return Methods.call(target, member.memberName().getText(), arguments, context.poll());
        }
        ModelValue callee = visit(ctx.expr());
        if (callee instanceof Callable function) {
            return function.call(arguments);
        }
        throw ModelError.invalidOperation("calling an object that is not a method");
    }

    // ---- unary

    @Override
    public ModelValue visitCast(DxParser.CastContext ctx) {
        Type type = type(ctx.typeName());
        ModelValue operand = visit(ctx.expr());
        if (operand instanceof NativeValue n) {
            return n.cast(type);
        }
        if (!NativeTypes.isScalar(type)) {
            throw ModelError.invalidOperation("a cast to " + NativeTypes.name(type));
        }
        return NativeValue.of(type, context.memory(), Values.longValue(operand));
    }

    @Override
    public ModelValue visitUnary(DxParser.UnaryContext ctx) {
        ModelValue operand = visit(ctx.expr());
        switch (ctx.op.getType()) {
            case DxParser.AMP:
                if (operand instanceof NativeValue n) {
                    return n.addressOf();
                }
                throw ModelError.invalidOperation("taking the address of this object");
            case DxParser.STAR:
                if (operand instanceof NativeValue n) {
                    return n.deref();
                }
                throw ModelError.dereference();
            case DxParser.BANG:
                return BoolValue.of(!Values.truth(operand));
            default:
                Values.Num n = Values.number(operand);
                Values.Num type = Values.common(n, n);
                long v = switch (ctx.op.getType()) {
                    case DxParser.MINUS -> -n.value();
                    case DxParser.TILDE -> ~n.value();
                    default -> n.value();
                };
                return number(v, type);
        }
    }

    // ---- binary

    @Override
    public ModelValue visitMultiplicative(DxParser.MultiplicativeContext ctx) {
        Values.Num a = Values.number(visit(ctx.expr(0)));
        Values.Num b = Values.number(visit(ctx.expr(1)));
        Values.Num type = Values.common(a, b);
        long x = Values.normalize(a.value(), type);
        long y = Values.normalize(b.value(), type);
        if (ctx.op.getType() == DxParser.STAR) {
            return number(x * y, type);
        }
        if (y == 0) {
            throw new ModelError("Division by zero");
        }
        boolean divide = ctx.op.getType() == DxParser.SLASH;
        if (type.signed()) {
            return number(divide ? x / y : x % y, type);
        }
        return number(divide ? Long.divideUnsigned(x, y) : Long.remainderUnsigned(x, y), type);
    }

    @Override
    public ModelValue visitAdditive(DxParser.AdditiveContext ctx) {
        ModelValue left = visit(ctx.expr(0));
        ModelValue right = visit(ctx.expr(1));
        boolean plus = ctx.op.getType() == DxParser.PLUS;
        if (plus && (left instanceof StringValue || right instanceof StringValue)) {
            return new StringValue(display(left) + display(right));
        }
        if (pointer(left) != null || pointer(right) != null) {
            return pointerArithmetic(left, right, plus);
        }
        Values.Num a = Values.number(left);
        Values.Num b = Values.number(right);
        return number(plus ? a.value() + b.value() : a.value() - b.value(), Values.common(a, b));
    }

    /** A string joined to another value takes its display text. */
    private static String display(ModelValue v) {
        String summary = v.summary(Format.DEFAULT);
        return summary == null ? "" : summary;
    }

    private static PointerType pointer(ModelValue v) {
        return v instanceof NativeValue n && n.type() instanceof PointerType p ? p : null;
    }

    /** pointer ± integer steps by the pointee's size (1 for void *); pointer - pointer counts elements. */
    private ModelValue pointerArithmetic(ModelValue left, ModelValue right, boolean plus) {
        PointerType l = pointer(left);
        PointerType r = pointer(right);
        if (l != null && r != null) {
            if (plus) {
                throw ModelError.invalidOperation("adding two pointers");
            }
            long stride = Math.max(1, l.target().size());
            return NumberValue.signed((Values.longValue(left) - Values.longValue(right)) / stride);
        }
        if (r != null && !plus) {
            throw ModelError.invalidOperation("subtracting a pointer from a number");
        }
        NativeValue p = (NativeValue) (l != null ? left : right);
        PointerType type = l != null ? l : r;
        long count = Values.longValue(l != null ? right : left);
        long step = count * Math.max(1, type.target().size());
        return NativeValue.of(type, p.memory(), p.read() + (plus ? step : -step));
    }

    @Override
    public ModelValue visitShift(DxParser.ShiftContext ctx) {
        Values.Num a = Values.number(visit(ctx.expr(0)));
        Values.Num b = Values.number(visit(ctx.expr(1)));
        Values.Num type = Values.common(a, a);
        int count = (int) (b.value() & (8L * type.size() - 1));
        if (ctx.op.getType() == DxParser.SHL) {
            return number(a.value() << count, type);
        }
        long v = Values.normalize(a.value(), type);
        return number(type.signed() ? v >> count : v >>> count, type);
    }

    @Override
    public ModelValue visitRelational(DxParser.RelationalContext ctx) {
        int order = Values.compare(visit(ctx.expr(0)), visit(ctx.expr(1)));
        return BoolValue.of(switch (ctx.op.getType()) {
            case DxParser.LT -> order < 0;
            case DxParser.GT -> order > 0;
            case DxParser.LE -> order <= 0;
            default -> order >= 0;
        });
    }

    @Override
    public ModelValue visitEquality(DxParser.EqualityContext ctx) {
        boolean equal = Values.equal(visit(ctx.expr(0)), visit(ctx.expr(1)));
        return BoolValue.of(ctx.op.getType() == DxParser.EQ == equal);
    }

    @Override
    public ModelValue visitBitwiseAnd(DxParser.BitwiseAndContext ctx) {
        return bitwise(ctx.expr(0), ctx.expr(1), '&');
    }

    @Override
    public ModelValue visitBitwiseXor(DxParser.BitwiseXorContext ctx) {
        return bitwise(ctx.expr(0), ctx.expr(1), '^');
    }

    @Override
    public ModelValue visitBitwiseOr(DxParser.BitwiseOrContext ctx) {
        return bitwise(ctx.expr(0), ctx.expr(1), '|');
    }

    /** The bit operators; a pointer operand is its address (as {@code Token.Object & ~0xf} needs). */
    private ModelValue bitwise(DxParser.ExprContext left, DxParser.ExprContext right, char op) {
        Values.Num a = Values.number(visit(left));
        Values.Num b = Values.number(visit(right));
        Values.Num type = Values.common(a, b);
        long x = a.value();
        long y = b.value();
        return number(op == '&' ? x & y : op == '^' ? x ^ y : x | y, type);
    }

    @Override
    public ModelValue visitLogicalAnd(DxParser.LogicalAndContext ctx) {
        return BoolValue.of(Values.truth(visit(ctx.expr(0))) && Values.truth(visit(ctx.expr(1))));
    }

    @Override
    public ModelValue visitLogicalOr(DxParser.LogicalOrContext ctx) {
        return BoolValue.of(Values.truth(visit(ctx.expr(0))) || Values.truth(visit(ctx.expr(1))));
    }

    @Override
    public ModelValue visitConditional(DxParser.ConditionalContext ctx) {
        return visit(ctx.expr(Values.truth(visit(ctx.expr(0))) ? 1 : 2));
    }

    @Override
    public ModelValue visitLambda(DxParser.LambdaContext ctx) {
        List<String> parameters = new ArrayList<>();
        for (TerminalNode name : ctx.lambdaParameters().NAME()) {
            parameters.add(name.getText());
        }
        return new Lambda(parameters, ctx.expr(), DxParsing.textOf(ctx, text), this);
    }

    @Override
    public ModelValue visitAssignment(DxParser.AssignmentContext ctx) {
        ModelValue value = visit(ctx.expr());
        session.modelVariables().set(ctx.VARIABLE().getText().substring(2), value);
        return value;
    }

    @Override
    public ModelValue visitOperand(DxParser.OperandContext ctx) {
        return visit(ctx.primary());
    }

    // ---- operands

    @Override
    public ModelValue visitParenthesized(DxParser.ParenthesizedContext ctx) {
        return visit(ctx.expr());
    }

    @Override
    public ModelValue visitLiteral(DxParser.LiteralContext ctx) {
        try {
            CppValue v = CppLiterals.integer(ctx.getText(), text.substring(ctx.getStart().getStartIndex()).strip());
            return new NumberValue(v.value(), v.type().signed(), (int) v.type().size());
        } catch (ExpressionException e) {
            throw new ModelError(e.getMessage());
        }
    }

    @Override
    public ModelValue visitString(DxParser.StringContext ctx) {
        String written = ctx.getText();
        String body = written.substring(written.indexOf('"') + 1, written.length() - 1);
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char next = body.charAt(++i);
                value.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> next;
                });
            } else {
                value.append(c);
            }
        }
        return new StringValue(value.toString());
    }

    @Override
    public ModelValue visitCharacter(DxParser.CharacterContext ctx) {
        return new NumberValue(CppLiterals.character(ctx.getText()), true, 1);
    }

    @Override
    public ModelValue visitBoolean(DxParser.BooleanContext ctx) {
        return BoolValue.of(ctx.TRUE() != null);
    }

    @Override
    public ModelValue visitSizeofType(DxParser.SizeofTypeContext ctx) {
        return NumberValue.unsigned(type(ctx.typeName()).size());
    }

    /** {@code new { Name = p.Name, Id = p.Id }}: an object with those properties, in that order. */
    @Override
    public ModelValue visitAnonymousObject(DxParser.AnonymousObjectContext ctx) {
        ModelObject object = ModelObject.of(null, null);
        for (DxParser.InitializerContext initializer : ctx.initializer()) {
            object.add(initializer.NAME().getText(), null, visit(initializer.expr()));
        }
        return object;
    }

    @Override
    public ModelValue visitVariable(DxParser.VariableContext ctx) {
        String written = ctx.getText();
        String name = written.substring(2);
        Optional<ModelValue> user = session.modelVariables().get(name);
        if (user.isPresent()) {
            return user.get();
        }
        Optional<ModelValue> debugger = model.variable(name);
        if (debugger.isPresent()) {
            return debugger.get();
        }
        Optional<CppValue> typed = session.typedRegister("$" + name);
        if (typed.isPresent()) {
            return NativeValue.of(type(typed.get().type()), context.memory(), typed.get().value());
        }
        OptionalLong register = session.register("$" + name);
        if (register.isPresent()) {
            return NumberValue.unsigned(register.getAsLong());
        }
        throw ModelError.unbound(written);
    }

    @Override
    public ModelValue visitRegister(DxParser.RegisterContext ctx) {
        OptionalLong value = session.register(ctx.getText().substring(1).toLowerCase(java.util.Locale.ROOT));
        if (value.isEmpty()) {
            throw ModelError.unbound(ctx.getText());
        }
        return NativeValue.of(BaseType.UINT8B, context.memory(), value.getAsLong());
    }

    @Override
    public ModelValue visitSymbol(DxParser.SymbolContext ctx) {
        String written = ctx.getText();
        int bang = written.indexOf('!');
        return symbol(written.substring(0, bang), written.substring(bang + 1), written);
    }

    @Override
    public ModelValue visitName(DxParser.NameContext ctx) {
        String name = ctx.getText();
        Optional<ModelValue> parameter = scope == null ? Optional.empty() : scope.find(name);
        if (parameter.isPresent()) {
            return parameter.get();
        }
        if (name.equals("Debugger")) {
            return model.debugger();
        }
        return symbol(null, name, name);
    }

    /** A global: an object of the type the symbols give it, or of no type (which dx will not show). */
    private ModelValue symbol(String module, String name, String written) {
        OptionalLong address = session.symbol(module, name);
        if (address.isEmpty()) {
            throw ModelError.unbound(written);
        }
        Type type = session.symbolType(module, name).orElse(BaseType.VOID);
        return NativeValue.at(type, context.memory(), address.getAsLong());
    }

    // ---- helpers

    /** A written type: a C base type or the catalog's ({@code nt!_EPROCESS}, {@code ULONG64}), then its stars. */
    private Type type(DxParser.TypeNameContext ctx) {
        StringBuilder words = new StringBuilder();
        int stars = 0;
        for (int i = 0; i < ctx.getChildCount(); i++) {
            if (ctx.getChild(i) instanceof TerminalNode word) {
                if (word.getSymbol().getType() == DxParser.STAR) {
                    stars++;
                } else {
                    words.append(words.isEmpty() ? "" : " ").append(word.getText());
                }
            }
        }
        Type type = model.namedType(words.toString()).orElseThrow(() -> ModelError.unbound(words.toString()));
        for (int i = 0; i < stars; i++) {
            type = new PointerType(type);
        }
        return type;
    }

    /** The catalog type behind a C++ value's type (a typed pseudo-register's). */
    private static Type type(CppType cpp) {
        if (cpp.isPointer()) {
            return new PointerType(type(cpp.element()));
        }
        if (cpp.layout() != null) {
            return cpp.layout();
        }
        return NativeTypes.cName(cpp.name()).orElse(BaseType.UINT8B);
    }

    private static NumberValue number(long value, Values.Num type) {
        return new NumberValue(Values.normalize(value, type), type.signed(), type.size());
    }

    /** {@code p => p.Name}: a method of the model, evaluated with its parameters bound where it was written. */
    private static final class Lambda implements Callable {
        private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

        private final List<String> parameters;
        private final DxParser.ExprContext body;
        private final String source;
        private final Evaluator definedIn;

        Lambda(List<String> parameters, DxParser.ExprContext body, String source, Evaluator definedIn) {
            this.parameters = parameters;
            this.body = body;
            this.source = source;
            this.definedIn = definedIn;
        }

        @Override
        public ModelValue call(List<ModelValue> arguments) {
            if (arguments.size() != parameters.size()) {
                throw new ModelError("Incorrect number of arguments to method");
            }
            int[] depth = DEPTH.get();
            if (depth[0] >= MAX_CALL_DEPTH) {
                throw new ModelError("Method calls nested too deeply");
            }
            Scope scope = definedIn.scope;
            for (int i = 0; i < parameters.size(); i++) {
                scope = new Scope(parameters.get(i), arguments.get(i), scope);
            }
            depth[0]++;
            try {
                return new Evaluator(definedIn.context, definedIn.model, definedIn.text, scope).visit(body);
            } finally {
                depth[0]--;
            }
        }

        @Override
        public String summary(Format format) {
            return source;
        }
    }
}
