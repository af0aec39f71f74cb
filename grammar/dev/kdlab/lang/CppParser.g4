/*
 * C++ expressions as kdlab's ?? evaluates them: integer arithmetic with C's operators and precedence,
 * sizeof(Type), #FIELD_OFFSET(Type, Field) and registers. Precedence, high to low: unary; * / %; + -;
 * << >>; < > <= >=; == !=; &; ^; |; &&; ||. Values and types are computed by CppEvaluator.
 */
parser grammar CppParser;

options {
    tokenVocab = CppLexer;
}

expression
    : expr EOF
    ;

expr
    : op=(PLUS | MINUS | TILDE | BANG) expr           # unary
    | expr op=(STAR | SLASH | PERCENT) expr           # multiplicative
    | expr op=(PLUS | MINUS) expr                     # additive
    | expr op=(SHL | SHR) expr                        # shift
    | expr op=(LT | GT | LE | GE) expr                # relational
    | expr op=(EQ | NE) expr                          # equality
    | expr AMP expr                                   # bitwiseAnd
    | expr CARET expr                                 # bitwiseXor
    | expr PIPE expr                                  # bitwiseOr
    | expr ANDAND expr                                # logicalAnd
    | expr OROR expr                                  # logicalOr
    | primary                                         # operand
    ;

primary
    : LPAREN expr RPAREN                                         # parenthesized
    | INTEGER                                                    # literal
    | SIZEOF LPAREN typeName RPAREN                              # sizeofType
    | FIELD_OFFSET LPAREN typeName COMMA fieldPath RPAREN        # fieldOffset
    | REGISTER                                                   # register
    | (QUALIFIED_NAME | NAME)                                    # symbol
    ;

// nt!_EPROCESS, _EPROCESS, unsigned long, void*, _LIST_ENTRY *
typeName
    : (QUALIFIED_NAME | NAME+) STAR*
    ;

// Token, Pcb.DirectoryTableBase
fieldPath
    : NAME (DOT NAME)*
    ;
