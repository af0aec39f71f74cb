/** The dx command line and expression syntax (grammars DxLexer/DxParser); dev.kdlab.debugger.dx evaluates it. */
package dev.kdlab.lang.dx;
