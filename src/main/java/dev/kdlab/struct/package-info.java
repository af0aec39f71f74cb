/**
 * The one field-access layer: a structure instance at an address, its fields got and put by name
 * through the type catalog's resolved slots ({@link dev.kdlab.types.FieldSlot}). The emulated kernel
 * writes the machine with it and the debugger reads it with it. Uses memory and types only.
 */
package dev.kdlab.struct;
