/*
 * The first pass over a command line, before StatementLexer reads it: where aliases are replaced.
 * Sources: Microsoft Learn, debuggercmds, "Using Aliases", "${ } (Alias Interpreter)", "as, aS".
 *
 * - ${Name} is replaced by the alias's value anywhere, also inside quotes; ${/d:Name} by 1 or 0
 *   (defined or not), ${/f:Name} by the value or nothing, ${/n:Name} by the name or nothing,
 *   ${/v:Name} by the name, unreplaced. An undefined ${Name} stays as written.
 * - A user-named alias written as a word of its own (between blanks, ';', ',', braces, parentheses
 *   or the ends of the line, outside quotes) is replaced too: ${$arg1} and $arg1 both name a script
 *   argument, and ".foreach (x {...}) { .if (x == 2) {...} }" sees the token.
 * - Text inside { } is left alone: a block's aliases are replaced when the block is entered, which
 *   is what .block is for.
 *
 * AliasExpander walks these tokens; words are runs of TEXT and DOLLAR tokens.
 */
lexer grammar AliasLexer;

ALIAS_REFERENCE
    : '${' ~[}]* '}'
    ;

BLANK
    : [ \t\r\n]+
    ;

SEMICOLON
    : ';'
    ;

// a word ends at these too, but they start no new command
PUNCTUATION
    : [(),]
    ;

OPEN_BRACE
    : '{'
    ;

CLOSE_BRACE
    : '}'
    ;

OPEN_QUOTE
    : '"' -> pushMode(QUOTED)
    ;

DOLLAR
    : '$'
    ;

TEXT
    : ~[ \t\r\n;{}"$(),]+
    ;

mode QUOTED;

QUOTED_ALIAS_REFERENCE
    : '${' ~[}]* '}' -> type(ALIAS_REFERENCE)
    ;

QUOTED_TEXT
    : ('\\' [\u0000-\u{10FFFF}] | ~["\\$])+
    ;

QUOTED_DOLLAR
    : '$' -> type(QUOTED_TEXT)
    ;

QUOTED_BACKSLASH
    : '\\' -> type(QUOTED_TEXT)
    ;

CLOSE_QUOTE
    : '"' -> popMode
    ;
