/** Commands about kernel objects and what processes own: !object, !handle, !token, !sid, !sd, !vad, !address, !drvobj, !devobj, !devstack, !pool. */
package dev.kdlab.debugger.commands.objects;
