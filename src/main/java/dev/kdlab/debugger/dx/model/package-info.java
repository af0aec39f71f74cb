/** The data model's Debugger namespace: sessions, processes, threads, modules and handles, built from the target's bytes. */
package dev.kdlab.debugger.dx.model;
