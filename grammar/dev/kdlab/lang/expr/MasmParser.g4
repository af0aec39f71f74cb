/*
 * MASM expressions (WinDbg's default evaluator). Precedence, high to low: unary operators (+ - not ~ !
 * hi low by wo dwo qwo poi; ~ is the bitwise complement, ! before anything but a name the logical not);
 * * / mod %; + -; << >> >>>; = == < > <= >= !=; and &; xor ^; or |. Equal precedence
 * groups left to right. Source: Microsoft Learn, debuggercmds/masm-numbers-and-operators.
 * The values are computed by MasmEvaluator (unsigned 64-bit arithmetic).
 */
parser grammar MasmParser;

options {
    tokenVocab = MasmLexer;
}

// a whole text that must be one expression ("? 1 + 2")
expression
    : expr EOF
    ;

// the longest expression at the start of a text ("dd A A+0x40" reads "A", then "A+0x40")
expressionPrefix
    : expr
    ;

expr
    : op=(PLUS | MINUS | NOT | TILDE | BANG | HI | LOW | BY | WO | DWO | QWO | POI) expr # unary
    | expr op=(STAR | SLASH | MOD | PERCENT) expr                         # multiplicative
    | expr op=(PLUS | MINUS) expr                                         # additive
    | expr op=(SHL | SHR | SAR) expr                                      # shift
    | expr op=(EQ | EQEQ | NE | LT | GT | LE | GE) expr                   # comparison
    | expr op=(AND | AMP) expr                                            # bitwiseAnd
    | expr op=(XOR | CARET) expr                                          # bitwiseXor
    | expr op=(OR | PIPE) expr                                            # bitwiseOr
    | primary                                                             # operand
    ;

primary
    : LPAREN expr RPAREN                                 # parenthesized
    | number                                             # constant
    | SYMBOL                                             # qualifiedSymbol
    | NAME                                               # bareName
    | REGISTER                                           # register
    | PSEUDO_REGISTER LPAREN argument (COMMA argument)* RPAREN # function
    | PSEUDO_REGISTER                                    # pseudoRegister
    | DOT                                                # currentInstruction
    | fieldOffset                                        # fieldOffsetMacro
    | sizeofType                                         # sizeofOperator
    | CPP_EXPRESSION                                     # cppExpr
    | MASM_OPEN expr RPAREN                              # masmExpr
    ;

// a function's argument: a value, or a string for $scmp, $sicmp and $spat
argument
    : expr
    | STRING
    ;

number
    : HEX_NUMBER
    | DECIMAL_NUMBER
    | OCTAL_NUMBER
    | BINARY_NUMBER
    | NUMBER
    | CHARACTER
    ;

// sizeof(nt!_EPROCESS): C++, and accepted by kdlab's MASM too
sizeofType
    : SIZEOF LPAREN typeName RPAREN
    ;

fieldOffset
    : FIELD_OFFSET LPAREN typeName COMMA fieldPath RPAREN
    ;

// nt!_EPROCESS or _EPROCESS
typeName
    : SYMBOL
    | NAME
    ;

// Token, Pcb.DirectoryTableBase
fieldPath
    : fieldName (DOT fieldName)*
    ;

fieldName
    : NAME
    | NUMBER
    ;
