/** Alias replacement, the first pass over a typed line (grammar AliasLexer). */
package dev.kdlab.lang.alias;
