/*
 * Tokens of the small part of WinDbg's C++ expression evaluator that kdlab supports (the ?? command and
 * @@c++( ) are where users meet it). Source: Microsoft Learn, debuggercmds/c---numbers-and-operators:
 * C++ numbers are decimal unless written 0x (hex) or 0 (octal); registers need '@'; #FIELD_OFFSET is one of
 * the evaluator's macros. The catch-all OTHER lets the parser report an unsupported token by name
 * ("Unexpected token ')'", transcripts section 7).
 */
lexer grammar CppLexer;

SIZEOF       : 'sizeof' ;
FIELD_OFFSET : '#FIELD_OFFSET' ;

// 3, 0x10, 017, with the suffixes u, l, ul, ll, ull, i64, ui64 (letters in either case)
INTEGER : (DECIMAL | HEX | OCTAL) SUFFIX? ;

// nt!_EPROCESS, ntdll!_PEB
QUALIFIED_NAME : NAME_BODY '!' NAME_BODY ;

NAME : NAME_BODY ;

// @rax, @$proc, @$ptrsize
REGISTER : '@' '$'? [a-zA-Z0-9_]+ ;

LPAREN  : '(' ;
RPAREN  : ')' ;
COMMA   : ',' ;
DOT     : '.' ;
PLUS    : '+' ;
MINUS   : '-' ;
STAR    : '*' ;
SLASH   : '/' ;
PERCENT : '%' ;
SHL     : '<<' ;
SHR     : '>>' ;
LE      : '<=' ;
GE      : '>=' ;
LT      : '<' ;
GT      : '>' ;
EQ      : '==' ;
NE      : '!=' ;
ANDAND  : '&&' ;
OROR    : '||' ;
AMP     : '&' ;
CARET   : '^' ;
PIPE    : '|' ;
TILDE   : '~' ;
BANG    : '!' ;

BLANKS : [ \t\r\n]+ -> skip ;

OTHER : . ;

fragment DECIMAL : [1-9] [0-9]* | '0' ;
fragment HEX     : '0' [xX] [0-9a-fA-F]+ ;
fragment OCTAL   : '0' [0-7]+ ;
fragment SUFFIX  : [uU]? ([lL] [lL]? | 'i64' | 'I64')? ;

fragment NAME_BODY : [a-zA-Z_] [a-zA-Z0-9_]* ;
