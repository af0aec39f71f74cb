/** How a command reads its raw arguments: options, expressions, address ranges. */
package dev.kdlab.lang.arguments;
