/*
 * Tokens of the dx command: its options and the expression language of the debugger data model.
 * Sources: Microsoft Learn, debuggercmds/dx--display-visualizer-variables- ("dx [-g|-gc #][-c #][-n|-v]
 * -r[#] Expression[,<FormatSpecifier>]", transcripts 6.8) and debugger/using-linq-with-the-debugger-objects
 * (C++ operators and casts over the symbols' types, member access with '.' and '->', lambdas written
 * "p => p.Name", anonymous objects written "new { Name = p.Name }", strings in double quotes, methods called
 * with '( )', debugger variables written "@$name").
 *
 * Numbers are C++'s: decimal unless written 0x (hex) or with a leading 0 (octal); a backtick may split a
 * 64-bit hex number as the engine prints it (0xfffff807`25e37f90). A word is a NAME; the parser tells an
 * option ("-r2", "-g") from a minus sign by where it stands. The catch-all OTHER lets the parser report a
 * character the language does not have.
 */
lexer grammar DxLexer;

NEW    : 'new' ;
SIZEOF : 'sizeof' ;
TRUE   : 'true' ;
FALSE  : 'false' ;

// 3, 0x10, 017, 0xfffff807`25e37f90, with the suffixes u, l, ul, ll, ull, i64, ui64
INTEGER : (DECIMAL | HEX | OCTAL) SUFFIX? ;

// "nt!_EPROCESS": a backslash keeps the next character
STRING : 'L'? '"' ('\\' . | ~["\\])* '"' ;

// 'a'
CHARACTER : '\'' ('\\' . | ~['\\]) '\'' ;

// nt!_EPROCESS, ntkrnlmp!_LIST_ENTRY, nt!PsActiveProcessHead
QUALIFIED_NAME : NAME_BODY '!' NAME_BODY ;

NAME : NAME_BODY ;

// @$cursession, @$curprocess, @$myVar, @$t0
VARIABLE : '@$' [a-zA-Z_0-9]+ ;

// @rax, @rip
REGISTER : '@' [a-zA-Z] [a-zA-Z0-9]* ;

LAMBDA   : '=>' ;
ARROW    : '->' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
COMMA    : ',' ;
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
ASSIGN   : '=' ;

BLANKS : [ \t\r\n]+ -> skip ;

OTHER : . ;

fragment DECIMAL : [1-9] [0-9]* | '0' ;
fragment HEX     : '0' [xX] [0-9a-fA-F] [0-9a-fA-F`]* ;
fragment OCTAL   : '0' [0-7]+ ;
fragment SUFFIX  : [uU]? ([lL] [lL]? | 'i64' | 'I64')? ;

// MyClass::Member is one name
fragment NAME_BODY : [a-zA-Z_] [a-zA-Z0-9_]* ('::' '~'? [a-zA-Z_] [a-zA-Z0-9_]*)* ;
