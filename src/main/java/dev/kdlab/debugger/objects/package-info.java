/**
 * The debugger's readers of the object manager's and executive's structures, all through the
 * target's memory and the type catalog: object headers and their optional headers, type objects,
 * object names (files, keys, sections, named objects), directories, handle tables, tokens and SIDs,
 * security descriptors, VAD trees, pool pages, drivers and devices. Commands in
 * {@code debugger.commands} print what these read.
 */
package dev.kdlab.debugger.objects;
