/**
 * dx, the debugger data model: the evaluator (expressions, LINQ methods, variables), the values it computes
 * (objects, collections, natives, numbers, strings) and how they are shown (tree or grid).
 */
package dev.kdlab.debugger.dx;
