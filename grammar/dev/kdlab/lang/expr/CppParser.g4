/*
 * C++ expressions as WinDbg's C++ evaluator reads them (Microsoft Learn, debuggercmds,
 * c---numbers-and-operators): C's operators and precedence, high to low: postfix (-> . [ ]); unary
 * (+ - ~ ! * & and casts); * / %; + -; << >>; < > <= >=; == !=; &; ^; |; &&; ||; ?:. Values, their
 * types and the memory reads behind -> and * are CppEvaluator's business.
 */
parser grammar CppParser;

options {
    tokenVocab = CppLexer;
}

// a whole text that must be one expression (?? , @@c++( ), r?)
expression
    : expr EOF
    ;

// the longest expression at the start of a text (command arguments under .expr /s c++)
expressionPrefix
    : expr
    ;

expr
    : expr ARROW memberName                                  # pointerMember
    | expr DOT memberName                                    # member
    | expr LBRACKET expr RBRACKET                            # index
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
    | primary                                                # operand
    ;

primary
    : LPAREN expr RPAREN                                                  # parenthesized
    | INTEGER                                                             # literal
    | CHARACTER                                                           # character
    | (TRUE | FALSE)                                                      # boolean
    | SIZEOF LPAREN typeName RPAREN                                       # sizeofType
    | FIELD_OFFSET LPAREN typeName COMMA fieldPath RPAREN                 # fieldOffset
    | CONTAINING_RECORD LPAREN expr COMMA typeName COMMA fieldPath RPAREN # containingRecord
    | REGISTER                                                            # register
    | MASM_EXPRESSION                                                     # masm
    | CPP_EXPRESSION                                                      # nestedCpp
    | (QUALIFIED_NAME | NAME)                                             # symbol
    ;

// nt!_EPROCESS, _EPROCESS *, unsigned long, void*, nt!_LDR_DATA_TABLE_ENTRY **
typeName
    : (QUALIFIED_NAME | NAME+) STAR*
    ;

// Token, Pcb.DirectoryTableBase
fieldPath
    : memberName (DOT memberName)*
    ;

memberName
    : NAME
    ;
