/*
 * Tokens of one WinDbg command (a line already split at ';' by CommandLineSplitter).
 *
 * A command is its name followed by raw argument text. The arguments are not tokenised here:
 * every WinDbg command reads its own arguments (dt takes words, d* take an address range,
 * extensions take expressions), so the rest of the command is one ARGUMENTS token that
 * ArgumentScanner reads later. Source of the name forms: debugger docs "Commands",
 * "Meta-Commands", "Extension commands" (Microsoft Learn, debuggercmds).
 */
lexer grammar CommandLineLexer;

LEADING_BLANKS
    : BLANK+ -> skip
    ;

// !process, !dml_proc, !exts.token, !mex.crash
EXTENSION_NAME
    : '!' EXTENSION_CHAR+ -> mode(ARGUMENT_TEXT)
    ;

// .process, .formats, .foreach
META_NAME
    : '.' META_CHAR+ -> mode(ARGUMENT_TEXT)
    ;

// ?? evaluates a C++ expression
CPP_EVALUATE
    : '??' -> mode(ARGUMENT_TEXT)
    ;

// ? evaluates a MASM expression; "?1+2" needs no blank
EVALUATE
    : '?' -> mode(ARGUMENT_TEXT)
    ;

// ~ thread / processor commands
TILDE
    : '~' -> mode(ARGUMENT_TEXT)
    ;

// dt, db, lmvm, kn, vertarget: letters only, so "dt_eprocess" is "dt" + "_eprocess"
REGULAR_NAME
    : LETTER+ -> mode(ARGUMENT_TEXT)
    ;

// anything else cannot start a command: "(0x88-0x70)" is a syntax error at its first column
UNEXPECTED
    : .
    ;

fragment BLANK
    : [ \t]
    ;

fragment LETTER
    : [a-zA-Z]
    ;

fragment EXTENSION_CHAR
    : [a-zA-Z0-9_.]
    ;

fragment META_CHAR
    : [a-zA-Z0-9_]
    ;

fragment ANY_CHAR
    : [\u0000-\u{10FFFF}]
    ;

mode ARGUMENT_TEXT;

ARGUMENT_BLANKS
    : BLANK+ -> skip
    ;

// everything after the name, from its first non-blank character
ARGUMENTS
    : ~[ \t] ANY_CHAR*
    ;
