/*
 * A WinDbg command line as statements (see StatementLexer for the tokens and for where aliases are
 * expanded). Blocks stay unparsed BLOCK tokens: StatementParser parses a block's text when the block
 * runs. Semicolons may stand between a control-flow token, its condition and its block, because a
 * script run with $$>< has each line end replaced by ';' (docs, "$<, $><, $$<, $$><, $$>a<"):
 *
 *   .if (@$t0 == 0)        is run as    .if (@$t0 == 0);{;.echo zero;};.else;{;.echo other;}
 *   {
 *       .echo zero
 *   }
 *   .else
 *   { ... }
 *
 * What a command's arguments mean is not the grammar's business: each command reads its own text.
 */
parser grammar StatementParser;

options {
    tokenVocab = StatementLexer;
}

commandLine
    : (statement | SEMICOLON)* EOF
    ;

statement
    : ifStatement
    | forStatement
    | foreachStatement
    | whileStatement
    | doStatement
    | blockStatement
    | catchStatement
    | BREAK
    | CONTINUE
    | LEAVE
    | jStatement
    | command
    | COMMENT
    | COMMENT_LINE
    ;

ifStatement
    : IF SEMICOLON* CONDITION SEMICOLON* BLOCK elsifClause* elseClause?
    ;

elsifClause
    : SEMICOLON* ELSIF SEMICOLON* CONDITION SEMICOLON* BLOCK
    ;

elseClause
    : SEMICOLON* ELSE SEMICOLON* BLOCK
    ;

forStatement
    : FOR FOR_OPEN initial=FOR_PART? FOR_SEPARATOR condition=FOR_PART? FOR_SEPARATOR next=FOR_PART? FOR_CLOSE SEMICOLON* BLOCK
    ;

foreachStatement
    : FOREACH foreachOption* FOREACH_OPEN FOREACH_VARIABLE (IN_COMMANDS | IN_STRING) FOREACH_CLOSE SEMICOLON* BLOCK
    ;

foreachOption
    : FOREACH_OPTION FOREACH_COUNT?
    ;

whileStatement
    : WHILE SEMICOLON* CONDITION SEMICOLON* BLOCK
    ;

doStatement
    : DO SEMICOLON* BLOCK SEMICOLON* CONDITION
    ;

blockStatement
    : BLOCK_KEYWORD SEMICOLON* BLOCK
    ;

catchStatement
    : CATCH SEMICOLON* BLOCK
    ;

jStatement
    : J (J_TEXT | J_QUOTED | J_SEMICOLON)*
    ;

command
    : commandName (ARGUMENT_TEXT | UNCLOSED_QUOTE)*
    | SET_ALIAS_LINE
    | SCRIPT_LINE
    ;

commandName
    : EXTENSION_NAME
    | META_NAME
    | CPP_EVALUATE
    | EVALUATE
    | TILDE
    | REGULAR_NAME
    | SCRIPT
    ;
