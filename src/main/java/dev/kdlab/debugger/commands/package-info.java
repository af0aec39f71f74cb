/**
 * The command table ({@link dev.kdlab.debugger.commands.BuiltInCommands}): one row per command, naming the class
 * that runs it; the commands themselves live in the sub-packages, grouped by what they are about.
 */
package dev.kdlab.debugger.commands;
