/** Commands about the target machine as a whole and its files: vertarget, version, .effmach, !pcr, !prcb, !cpuinfo, .dump, .opendump, .isf. */
package dev.kdlab.debugger.commands.machine;
