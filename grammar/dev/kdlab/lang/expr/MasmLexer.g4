/*
 * Tokens of a MASM expression as WinDbg's default evaluator reads them.
 * Source: Microsoft Learn, debuggercmds/masm-numbers-and-operators, pseudo-register-syntax,
 * sign-extension, symbol-syntax-and-symbol-matching (summarised in
 * shared/reference/windbg-transcripts.md, section 8).
 *
 * Keywords and digits are case-insensitive. When a word could be a number or a name, the
 * number wins (default radix 16: "dead" and "a" are numbers), which is why NUMBER comes
 * before NAME. The catch-all OTHER keeps the lexer from failing on text after an expression
 * (ArgumentScanner evaluates the longest expression prefix of a command's arguments).
 */
lexer grammar MasmLexer;

options {
    caseInsensitive = true;
}

// unary operators
NOT : 'not' ;
HI  : 'hi' ;
LOW : 'low' ;
BY  : 'by' ;
WO  : 'wo' ;
DWO : 'dwo' ;
QWO : 'qwo' ;
POI : 'poi' ;

// binary operators written as words
MOD : 'mod' ;
AND : 'and' ;
XOR : 'xor' ;
OR  : 'or' ;

// #FIELD_OFFSET(Type, Field) and sizeof(Type)
FIELD_OFFSET : '#field_offset' ;
SIZEOF       : 'sizeof' ;

// @@( ... ) and @@c++( ... ) hand what they hold to the C++ evaluator; @@masm( ... ) stays in MASM
CPP_EXPRESSION : '@@' 'c++'? PARENTHESIZED ;
MASM_OPEN      : '@@masm(' ;

// "text", for $scmp, $sicmp and $spat: a backslash starts an escape (\n, \", \\), so "c:\dir\" is not closed
STRING : '"' ('\\' . | ~["\\])* '"' ;

// 'a', 'abcd': the characters' codes, the first the highest byte
CHARACTER : '\'' ~['\r\n]+ '\'' ;

// numbers; a prefix without digits is 0
HEX_NUMBER     : '0x' HEX_DIGITS? ;
DECIMAL_NUMBER : '0n' [0-9]* ;
OCTAL_NUMBER   : '0t' [0-7]* ;
BINARY_NUMBER  : '0y' [01]* ;
NUMBER         : HEX_DIGITS 'h'? ;

// nt!PsActiveProcessHead, !BadFeed (a forced symbol)
SYMBOL : MODULE_NAME? '!' NAME_BODY ;

// a word that is not a number: a symbol, or else a register (rip, cr3)
NAME : NAME_BODY ;

// @rax, @$proc
REGISTER : '@' '$'? NAME_CHAR+ ;

// $proc, $peb, $t0, and functions such as $vvalid( )
PSEUDO_REGISTER : '$' NAME_CHAR+ ;

LPAREN  : '(' ;
RPAREN  : ')' ;
COMMA   : ',' ;
DOT     : '.' ;
PLUS    : '+' ;
MINUS   : '-' ;
STAR    : '*' ;
SLASH   : '/' ;
PERCENT : '%' ;
SAR     : '>>>' ;
SHR     : '>>' ;
SHL     : '<<' ;
LE      : '<=' ;
GE      : '>=' ;
LT      : '<' ;
GT      : '>' ;
EQEQ    : '==' ;
EQ      : '=' ;
NE      : '!=' ;
AMP     : '&' ;
CARET   : '^' ;
PIPE    : '|' ;
TILDE   : '~' ;
BANG    : '!' ;

BLANKS : [ \t\r\n]+ -> skip ;

OTHER : . ;

// fffff805`28e51a80: a grave accent may separate the halves of a 64-bit number
fragment HEX_DIGITS : [0-9a-f] [0-9a-f`]* ;

fragment MODULE_NAME : [a-z0-9_]+ ;

// MyClass::Member is one name
fragment NAME_BODY : [a-z_] NAME_CHAR* ('::' '~'? [a-z_] NAME_CHAR*)* ;

fragment NAME_CHAR : [a-z0-9_] ;

fragment PARENTHESIZED : '(' (~[()] | PARENTHESIZED)* ')' ;
