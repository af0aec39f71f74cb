/*
 * One WinDbg command: a name and the raw text of its arguments (see CommandLineLexer).
 * Which regular command a run of letters names ("lmvm" is "lm" with options "vm") is decided
 * in Java (CommandParser), from the table of WinDbg's command names.
 */
parser grammar CommandLineParser;

options {
    tokenVocab = CommandLineLexer;
}

command
    : commandName ARGUMENTS? EOF
    ;

commandName
    : EXTENSION_NAME
    | META_NAME
    | CPP_EVALUATE
    | EVALUATE
    | TILDE
    | REGULAR_NAME
    ;
