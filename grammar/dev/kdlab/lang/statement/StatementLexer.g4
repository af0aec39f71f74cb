/*
 * Tokens of a WinDbg command line: commands separated by ';', the control-flow tokens with their
 * conditions and { } blocks, and comments. Sources: Microsoft Learn, debuggercmds, "Command Tokens"
 * (.if, .elsif, .else, .for, .foreach, .while, .do, .break, .continue, .block, .catch, .leave, j, z,
 * $$, *, $<, $><, $$<, $$><, $$>a<), "Commands", "Meta-Commands", "Extension commands".
 *
 * WHERE ALIASES ARE EXPANDED. This lexer never sees an alias: the text it reads has already been
 * through AliasLexer.g4 (AliasExpander), as WinDbg replaces aliases in a command line before it
 * parses it. A { } block is one BLOCK token here; its commands are parsed only when the block is
 * entered, after the aliases in the block's own text have been replaced at that moment. That is why
 * ".block { .echo ${x} }" sees a value that "aS x ..." set earlier on the same line (docs, "as, aS").
 *
 * WinDbg's quirks kept here: a ';' inside quotes, inside the ( ) of .for or a condition, or inside
 * a block does not end the command; $$ starts a comment that ends at the next ';' ($$< and $$><
 * are script commands, not comments); '*' at the start of a command makes the rest of the line a
 * comment, semicolons included; "as" without a switch takes the rest of the line as the alias's
 * value; $< and $>< take the rest of the line as the file name, the $$ forms end it at ';'.
 *
 * Every mode ends with a one-character catch-all, so that text the language does not allow reaches
 * the parser as a token, which it reports with WinDbg's caret at that token.
 */
lexer grammar StatementLexer;

BLANKS
    : [ \t\r\n]+ -> skip
    ;

SEMICOLON
    : ';'
    ;

// { commands }: a block's text, parsed when the block is entered
BLOCK
    : BRACED
    ;

// ( condition ) of .if, .elsif, .while and .do
CONDITION
    : PARENTHESIZED
    ;

// $$ text up to the next ';' (not $$< and $$>, which run scripts)
COMMENT
    : '$$' (~[<>;] ~[;]*)?
    ;

// * at the start of a command: the rest of the line is a comment
COMMENT_LINE
    : '*' ~[\r\n]*
    ;

IF options { caseInsensitive = true; }
    : '.if'
    ;

ELSIF options { caseInsensitive = true; }
    : '.elsif'
    ;

ELSE options { caseInsensitive = true; }
    : '.else'
    ;

WHILE options { caseInsensitive = true; }
    : '.while'
    ;

DO options { caseInsensitive = true; }
    : '.do'
    ;

BREAK options { caseInsensitive = true; }
    : '.break'
    ;

CONTINUE options { caseInsensitive = true; }
    : '.continue'
    ;

BLOCK_KEYWORD options { caseInsensitive = true; }
    : '.block'
    ;

CATCH options { caseInsensitive = true; }
    : '.catch'
    ;

LEAVE options { caseInsensitive = true; }
    : '.leave'
    ;

// .for ( InitialCommand ; Condition ; IncrementCommands ) { Commands }
FOR options { caseInsensitive = true; }
    : '.for' -> pushMode(FOR_HEAD)
    ;

// .foreach [Options] ( Variable { InCommands } ) { OutCommands }, or "InString" with /s, "InFile" with /f
FOREACH options { caseInsensitive = true; }
    : '.foreach' -> pushMode(FOREACH_HEAD)
    ;

// j Expression [']Command1['] ; [']Command2[']: the rest of the line belongs to j
J options { caseInsensitive = true; }
    : 'j' -> pushMode(J_ARGUMENTS)
    ;

// as Name Value: without a switch the value is the rest of the line (docs, "as, aS")
SET_ALIAS_LINE
    : 'as' [ \t]+ ~[/ \t\r\n;] ~[\r\n]*
    ;

// $<File, $><File: the file name is the rest of the line, semicolons included
SCRIPT_LINE
    : ('$<' | '$><') ~[\r\n]*
    ;

// $$<File, $$><File, $$>a<File Arguments: end at ';'
SCRIPT
    : ('$$<' | '$$><' | '$$>' [aA] '<') -> pushMode(ARGUMENTS)
    ;

// !process, !dml_proc, !exts.token, !mex.crash
EXTENSION_NAME
    : '!' [a-zA-Z0-9_.]+ -> pushMode(ARGUMENTS)
    ;

// .process, .formats, .printf
META_NAME
    : '.' [a-zA-Z0-9_]+ -> pushMode(ARGUMENTS)
    ;

// ?? evaluates a C++ expression
CPP_EVALUATE
    : '??' -> pushMode(ARGUMENTS)
    ;

// ? evaluates a MASM expression; "?1+2" needs no blank
EVALUATE
    : '?' -> pushMode(ARGUMENTS)
    ;

// ~ thread / processor commands
TILDE
    : '~' -> pushMode(ARGUMENTS)
    ;

// dt, db, lmvm, kn, vertarget, z: letters only, so "dt_eprocess" is "dt" + "_eprocess"
REGULAR_NAME
    : [a-zA-Z]+ -> pushMode(ARGUMENTS)
    ;

// anything else cannot start a command: "(0x88-0x70)" alone is a syntax error at its first column
UNEXPECTED
    : .
    ;

fragment BRACED
    : '{' (~[{}"] | QUOTED | BRACED)* '}'
    ;

fragment PARENTHESIZED
    : '(' (~[()"] | QUOTED | PARENTHESIZED)* ')'
    ;

// "text": a backslash keeps the next character ("a\"b"), so "c:\dir\" is not closed (docs, $spat)
fragment QUOTED
    : '"' ('\\' ANY_CHAR | ~["\\])* '"'
    ;

fragment ANY_CHAR
    : [\u0000-\u{10FFFF}]
    ;

// ---- a command's arguments: everything up to the next ';' that is not inside quotes

mode ARGUMENTS;

ARGUMENT_TEXT
    : (~[;"] | QUOTED)+
    ;

// a quote that is never closed runs to the end of the line
UNCLOSED_QUOTE
    : '"' ('\\' ANY_CHAR | ~["\\])* '\\'?
    ;

END_OF_COMMAND
    : ';' -> type(SEMICOLON), popMode
    ;

// ---- .for ( InitialCommand ; Condition ; IncrementCommands )

mode FOR_HEAD;

FOR_BLANKS
    : [ \t\r\n]+ -> skip
    ;

FOR_OPEN
    : '(' -> mode(FOR_PARTS)
    ;

FOR_HEAD_UNEXPECTED
    : . -> type(UNEXPECTED), popMode
    ;

mode FOR_PARTS;

FOR_PART
    : (~[();"] | QUOTED | PARENTHESIZED)+
    ;

FOR_SEPARATOR
    : ';'
    ;

FOR_CLOSE
    : ')' -> popMode
    ;

FOR_PARTS_UNEXPECTED
    : . -> type(UNEXPECTED)
    ;

// ---- .foreach [/pS N] [/ps N] [/s | /f] ( Variable { InCommands } | "InString" | "InFile" )

mode FOREACH_HEAD;

FOREACH_BLANKS
    : [ \t\r\n]+ -> skip
    ;

FOREACH_OPTION
    : '/' [a-zA-Z]+
    ;

// the count after /pS and /ps
FOREACH_COUNT
    : [0-9a-zA-Z`]+
    ;

FOREACH_OPEN
    : '(' -> mode(FOREACH_SOURCE)
    ;

FOREACH_HEAD_UNEXPECTED
    : . -> type(UNEXPECTED), popMode
    ;

mode FOREACH_SOURCE;

FOREACH_SOURCE_BLANKS
    : [ \t\r\n]+ -> skip
    ;

FOREACH_VARIABLE
    : ~[ \t\r\n(){}";]+
    ;

// { InCommands }: run, and their output cut into tokens
IN_COMMANDS
    : BRACED
    ;

// "InString" (/s) or "InFile" (/f)
IN_STRING
    : QUOTED
    ;

FOREACH_CLOSE
    : ')' -> popMode
    ;

FOREACH_SOURCE_UNEXPECTED
    : . -> type(UNEXPECTED)
    ;

// ---- j: the expression, the command for true, ';', the command for false

mode J_ARGUMENTS;

// 'Command': a branch in single quotes, which may hold semicolons
J_QUOTED
    : '\'' ~[']* '\''
    ;

J_SEMICOLON
    : ';'
    ;

J_TEXT
    : (~['";] | QUOTED)+
    ;

J_UNEXPECTED
    : . -> type(UNEXPECTED)
    ;
