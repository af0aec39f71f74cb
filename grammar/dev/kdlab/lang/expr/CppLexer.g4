/*
 * Tokens of WinDbg's C++ expression evaluator, as ?? , @@c++( ) and r? read it. Source: Microsoft
 * Learn, debuggercmds/c---numbers-and-operators: C++ numbers are decimal unless written 0x (hex) or 0
 * (octal); registers and pseudo-registers need '@'; #FIELD_OFFSET and #CONTAINING_RECORD are the
 * evaluator's macros; @@masm( ) switches back to MASM for what it holds. The catch-all OTHER lets the
 * parser report an unsupported token by name ("Unexpected token ')'", transcripts section 7).
 */
lexer grammar CppLexer;

SIZEOF            : 'sizeof' ;
TRUE              : 'true' ;
FALSE             : 'false' ;
FIELD_OFFSET      : '#FIELD_OFFSET' ;
CONTAINING_RECORD : '#CONTAINING_RECORD' ;

// @@masm( MASM expression ), and a nested @@c++( ) or @@( )
MASM_EXPRESSION : '@@' [mM] [aA] [sS] [mM] PARENTHESIZED ;
CPP_EXPRESSION  : '@@' ('c++' | 'C++')? PARENTHESIZED ;

// 3, 0x10, 017, with the suffixes u, l, ul, ll, ull, i64, ui64 (letters in either case)
INTEGER : (DECIMAL | HEX | OCTAL) SUFFIX? ;

// 'a': a char
CHARACTER : '\'' ('\\' . | ~['\\]) '\'' ;

// nt!_EPROCESS, ntdll!_PEB, nt!PsActiveProcessHead
QUALIFIED_NAME : NAME_BODY '!' NAME_BODY ;

NAME : NAME_BODY ;

// @rax, @$proc, @$t0, @$ptrsize
REGISTER : '@' '$'? [a-zA-Z0-9_]+ ;

LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
COMMA    : ',' ;
ARROW    : '->' ;
DOT      : '.' ;
PLUS     : '+' ;
MINUS    : '-' ;
STAR     : '*' ;
SLASH    : '/' ;
PERCENT  : '%' ;
SHL      : '<<' ;
SHR      : '>>' ;
LE       : '<=' ;
GE       : '>=' ;
LT       : '<' ;
GT       : '>' ;
EQ       : '==' ;
NE       : '!=' ;
ANDAND   : '&&' ;
OROR     : '||' ;
AMP      : '&' ;
CARET    : '^' ;
PIPE     : '|' ;
TILDE    : '~' ;
BANG     : '!' ;
QUESTION : '?' ;
COLON    : ':' ;

BLANKS : [ \t\r\n]+ -> skip ;

OTHER : . ;

fragment DECIMAL : [1-9] [0-9]* | '0' ;
fragment HEX     : '0' [xX] [0-9a-fA-F`]+ ;
fragment OCTAL   : '0' [0-7]+ ;
fragment SUFFIX  : [uU]? ([lL] [lL]? | 'i64' | 'I64')? ;

// MyClass::Member is one name
fragment NAME_BODY : [a-zA-Z_] [a-zA-Z0-9_]* ('::' '~'? [a-zA-Z_] [a-zA-Z0-9_]*)* ;

fragment PARENTHESIZED : '(' (~[()] | PARENTHESIZED)* ')' ;
