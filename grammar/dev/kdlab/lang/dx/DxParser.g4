/*
 * The dx command (Microsoft Learn, debuggercmds/dx--display-visualizer-variables-):
 *
 *   dx [-g|-gc #] [-c #] [-n|-v] [-r[#]] [-h] [-id a,b,c] Expression[, FormatSpecifier]
 *
 * and the expression language of the debugger data model: C++'s operators with C's precedence, casts to
 * the symbols' types, member access ('.' and '->' alike), indexing, method calls, lambdas
 * (p => p.Name, (a, b) => a + b), anonymous objects (new { Name = p.Name, Id = p.Id }), strings,
 * debugger variables (@$curprocess) and their assignment (@$myVar = ...). Options come first: a '-' before
 * the expression starts is an option, as the engine reads "dx -r1 (...)". What a name, a member or a method
 * means is the evaluator's business, not the grammar's.
 */
parser grammar DxParser;

options {
    tokenVocab = DxLexer;
}

command
    : option* expr formatSpecifier? EOF
    | option* EOF
    ;

// -r, -r2, -g, -v, -n, -h, -?, -c 5, -gc 10, -id 0,0,ffffe0897e0a1080
option
    : MINUS NAME optionValue?
    | MINUS QUESTION
    ;

optionValue
    : (INTEGER | NAME) (COMMA (INTEGER | NAME))*
    ;

// Expression, x  /  Expression, d
formatSpecifier
    : COMMA NAME
    ;

expr
    : expr (DOT | ARROW) memberName                          # member
    | expr LBRACKET expr RBRACKET                            # index
    | expr LPAREN arguments? RPAREN                          # call
    | LPAREN typeName RPAREN expr                            # cast
    | op=(PLUS | MINUS | TILDE | BANG | STAR | AMP) expr     # unary
    | expr op=(STAR | SLASH | PERCENT) expr                  # multiplicative
    | expr op=(PLUS | MINUS) expr                            # additive
    | expr op=(SHL | SHR) expr                               # shift
    | expr op=(LT | GT | LE | GE) expr                       # relational
    | expr op=(EQ | NE) expr                                 # equality
    | expr AMP expr                                          # bitwiseAnd
    | expr CARET expr                                        # bitwiseXor
    | expr PIPE expr                                         # bitwiseOr
    | expr ANDAND expr                                       # logicalAnd
    | expr OROR expr                                         # logicalOr
    | <assoc = right> expr QUESTION expr COLON expr          # conditional
    | lambdaParameters LAMBDA expr                           # lambda
    | <assoc = right> VARIABLE ASSIGN expr                   # assignment
    | primary                                                # operand
    ;

primary
    : LPAREN expr RPAREN                                     # parenthesized
    | INTEGER                                                # literal
    | STRING                                                 # string
    | CHARACTER                                              # character
    | (TRUE | FALSE)                                         # boolean
    | SIZEOF LPAREN typeName RPAREN                          # sizeofType
    | NEW LBRACE (initializer (COMMA initializer)* COMMA?)? RBRACE  # anonymousObject
    | VARIABLE                                               # variable
    | REGISTER                                               # register
    | QUALIFIED_NAME                                         # symbol
    | NAME                                                   # name
    ;

arguments
    : expr (COMMA expr)*
    ;

// Name = p.Name
initializer
    : NAME ASSIGN expr
    ;

// p  /  (p)  /  (a, b)  /  ()
lambdaParameters
    : NAME
    | LPAREN (NAME (COMMA NAME)*)? RPAREN
    ;

// nt!_EPROCESS, _EPROCESS *, unsigned long, void*, nt!_LDR_DATA_TABLE_ENTRY **
typeName
    : (QUALIFIED_NAME | NAME+) STAR*
    ;

memberName
    : NAME
    ;
