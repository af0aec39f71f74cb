package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.commands.execution.BreakpointCommands;
import dev.kdlab.debugger.commands.execution.FlowCommands;
import dev.kdlab.debugger.commands.execution.TraceCommand;
import dev.kdlab.debugger.commands.expressions.CppEvaluateCommand;
import dev.kdlab.debugger.commands.expressions.DxCommand;
import dev.kdlab.debugger.commands.expressions.EvaluateCommand;
import dev.kdlab.debugger.commands.expressions.ExprCommand;
import dev.kdlab.debugger.commands.expressions.FormatsCommand;
import dev.kdlab.debugger.commands.expressions.RadixCommand;
import dev.kdlab.debugger.commands.machine.CpuInfoCommand;
import dev.kdlab.debugger.commands.machine.DumpCommand;
import dev.kdlab.debugger.commands.machine.DumpOpener;
import dev.kdlab.debugger.commands.machine.EffmachCommand;
import dev.kdlab.debugger.commands.machine.IsfCommand;
import dev.kdlab.debugger.commands.machine.OpenDumpCommand;
import dev.kdlab.debugger.commands.machine.PcrCommand;
import dev.kdlab.debugger.commands.machine.PrcbCommand;
import dev.kdlab.debugger.commands.machine.VertargetCommand;
import dev.kdlab.debugger.commands.memory.DisplayListCommand;
import dev.kdlab.debugger.commands.memory.DisplayMemoryCommand;
import dev.kdlab.debugger.commands.memory.DisplayStringCommand;
import dev.kdlab.debugger.commands.memory.EnterMemoryCommand;
import dev.kdlab.debugger.commands.memory.PfnCommand;
import dev.kdlab.debugger.commands.memory.PhysicalDisplayCommand;
import dev.kdlab.debugger.commands.memory.PteCommand;
import dev.kdlab.debugger.commands.memory.PtovCommand;
import dev.kdlab.debugger.commands.memory.SearchCommand;
import dev.kdlab.debugger.commands.memory.VtopCommand;
import dev.kdlab.debugger.commands.memory.WalkCommand;
import dev.kdlab.debugger.commands.objects.AddressCommand;
import dev.kdlab.debugger.commands.objects.DeviceNodeCommand;
import dev.kdlab.debugger.commands.objects.DeviceObjectCommand;
import dev.kdlab.debugger.commands.objects.DeviceStackCommand;
import dev.kdlab.debugger.commands.objects.DriverObjectCommand;
import dev.kdlab.debugger.commands.objects.HandleCommand;
import dev.kdlab.debugger.commands.objects.ObjectCommand;
import dev.kdlab.debugger.commands.objects.PoolCommand;
import dev.kdlab.debugger.commands.objects.SdCommand;
import dev.kdlab.debugger.commands.objects.SidCommand;
import dev.kdlab.debugger.commands.objects.TokenCommand;
import dev.kdlab.debugger.commands.objects.VadCommand;
import dev.kdlab.debugger.commands.process.DotProcessCommand;
import dev.kdlab.debugger.commands.process.DotThreadCommand;
import dev.kdlab.debugger.commands.process.PebCommand;
import dev.kdlab.debugger.commands.process.ProcessCommand;
import dev.kdlab.debugger.commands.process.RegisterCommand;
import dev.kdlab.debugger.commands.process.StackCommand;
import dev.kdlab.debugger.commands.process.TebCommand;
import dev.kdlab.debugger.commands.process.ThreadCommand;
import dev.kdlab.debugger.commands.session.AliasCommands;
import dev.kdlab.debugger.commands.session.ClearScreenCommand;
import dev.kdlab.debugger.commands.session.EchoCommand;
import dev.kdlab.debugger.commands.session.ListCommand;
import dev.kdlab.debugger.commands.session.LogCommands;
import dev.kdlab.debugger.commands.session.PrintfCommand;
import dev.kdlab.debugger.commands.session.QuitCommand;
import dev.kdlab.debugger.commands.session.ScriptFileCommand;
import dev.kdlab.debugger.commands.symbols.DtCommand;
import dev.kdlab.debugger.commands.symbols.ExamineSymbolsCommand;
import dev.kdlab.debugger.commands.symbols.ForEachModuleCommand;
import dev.kdlab.debugger.commands.symbols.ListNearestCommand;
import dev.kdlab.debugger.commands.symbols.LmCommand;
import dev.kdlab.debugger.commands.symbols.SymbolPathCommands;
import dev.kdlab.debugger.commands.symbols.UnassembleBackCommand;
import dev.kdlab.debugger.commands.symbols.UnassembleCommand;
import dev.kdlab.debugger.commands.symbols.UnassembleFunctionCommand;
import dev.kdlab.debugger.CommandRegistry;
import dev.kdlab.debugger.CommandLines.ScriptForm;
import dev.kdlab.debugger.CommandSpec;
import dev.kdlab.debugger.Requirement;
import dev.kdlab.debugger.code.Unassembly;
import dev.kdlab.debugger.help.HelpCommand;
import dev.kdlab.debugger.pictures.PsTreeCommand;
import dev.kdlab.debugger.pictures.StagesCommand;
import dev.kdlab.debugger.pictures.VadMapCommand;
import dev.kdlab.debugger.script.StatementRow;
import dev.kdlab.target.ProcessLab;

/**
 * The command table: every command kdlab knows, one row each: its names, its synopsis (which is its
 * argument shape, read by completion and help), one line of summary, what it needs, and its command.
 * Its long help text is the resource its help key names (dev/kdlab/debugger/help/...). Adding a
 * command means its class, its row here, its help text, and its README row.
 */
public final class BuiltInCommands {
    private BuiltInCommands() {
    }

    /** The table; {@code openDump} switches the session to a dump ({@code .opendump}). */
    public static CommandRegistry registry(Runnable quit, Runnable clearScreen, DumpOpener openDump) {
        Unassembly unassembly = new Unassembly();
        CommandRegistry table = new CommandRegistry();
        return table
                .register(CommandSpec.of("dt", "dt [-a[N]] [-b] [-c] [-i] [-o] [-r[N]] [-s Size] [-v] [-y Field] [-l List] [module!]Type [Address] [Field...]",
                        "Display a type's layout, or an instance of it", new DtCommand()))
                .register(CommandSpec.of("dx", "dx [-g|-gc #] [-c #] [-n|-v] [-r[#]] [-h] [-id ...] Expression[, Format]",
                        "Display an expression of the debugger data model: sessions, processes, threads, modules,"
                                + " handles, natives, LINQ", new DxCommand()))
                .register(CommandSpec.of("!process", "!process [Process [Flags [ImageName]]]",
                        "Summarise processes: 0 = all active, -1 = implicit, an EPROCESS address or a Cid",
                        new ProcessCommand()))
                .register(CommandSpec.of(".process", ".process [/i] [/p [/r]] [/P] [Process]",
                        "Show or set the implicit process (its page tables translate user addresses)",
                        new DotProcessCommand()))
                .register(CommandSpec.of("!peb", "!peb [Address]", "Show the implicit process's PEB and loader lists",
                        new PebCommand()).needs(Requirement.PROCESS))
                .register(CommandSpec.of("!teb", "!teb [Address]", "Show the implicit thread's TEB", new TebCommand())
                        .needs(Requirement.PROCESS, Requirement.THREAD))
                .register(CommandSpec.of("db", "db [Range]", "Display bytes and ASCII", new DisplayMemoryCommand(1)))
                .register(CommandSpec.of("dw", "dw [Range]", "Display words", new DisplayMemoryCommand(2)))
                .register(CommandSpec.of("dd", "dd [Range]", "Display DWORDs", new DisplayMemoryCommand(4)))
                .register(CommandSpec.of("dq", "dq [Range]", "Display QWORDs", new DisplayMemoryCommand(8)))
                .register(CommandSpec.of("dp", "dp [Range]", "Display pointer-sized values (QWORDs on x64)",
                        new DisplayMemoryCommand(8)))
                .register(CommandSpec.of("dc", "dc [Range]", "Display DWORDs and ASCII",
                        new DisplayMemoryCommand(4, DisplayMemoryCommand.Style.HEX_ASCII)))
                .register(CommandSpec.of("df", "df [Range]", "Display single-precision floats",
                        new DisplayMemoryCommand(4, DisplayMemoryCommand.Style.FLOATS)))
                .register(CommandSpec.of("s", "s [-[1]b|w|d|q|a|u] Range Pattern",
                        "Search memory for bytes, words, DWORDs, QWORDs or a string", new SearchCommand()))
                .register(CommandSpec.of("eb", "eb Address Values...", "Enter bytes", new EnterMemoryCommand(1)))
                .register(CommandSpec.of("ew", "ew Address Values...", "Enter words", new EnterMemoryCommand(2)))
                .register(CommandSpec.of("ed", "ed Address Values...", "Enter DWORDs", new EnterMemoryCommand(4)))
                .register(CommandSpec.of("eq", "eq Address Values...", "Enter QWORDs", new EnterMemoryCommand(8)))
                .register(CommandSpec.of("!pte", "!pte VirtualAddress|PteAddress [EndAddress]",
                        "Show the PXE, PPE, PDE and PTE that map an address", new PteCommand()))
                .register(CommandSpec.of("!vtop", "!vtop DirBase|PFN|0 VirtualAddress",
                        "Translate a virtual address step by step; DirBase is physical, typed as !process prints it",
                        new VtopCommand()))
                .register(CommandSpec.of("!ptov", "!ptov DirBase",
                        "Map every physical page of an address space to its virtual address", new PtovCommand()))
                .register(CommandSpec.of("!pfn", "!pfn PageFrame",
                        "Show a page frame's entry in the PFN database", new PfnCommand()))
                .register(CommandSpec.of("!walk", "!walk VirtualAddress",
                        "Draw the page walk of an address, level by level", new WalkCommand()))
                .register(CommandSpec.of("!kdlab.pstree", "!kdlab.pstree",
                        "Draw the process tree: parents and children, sessions, users, exited parents marked",
                        new PsTreeCommand()))
                .register(CommandSpec.of("!kdlab.vadmap", "!kdlab.vadmap [Process]",
                        "Draw a process's VADs as bars in address order: image, DLLs, heaps, stacks, PEB/TEB, private, free gaps",
                        new VadMapCommand()))
                .register(CommandSpec.of("!db", "!db [c|uc|wc] PhysicalAddress [L Count]",
                        "Display physical memory as bytes and ASCII", new PhysicalDisplayCommand(1, true)))
                .register(CommandSpec.of("!dd", "!dd PhysicalAddress [L Count]", "Display physical DWORDs",
                        new PhysicalDisplayCommand(4, false)))
                .register(CommandSpec.of("!dc", "!dc PhysicalAddress [L Count]", "Display physical DWORDs and ASCII",
                        new PhysicalDisplayCommand(4, true)))
                .register(CommandSpec.of("!dq", "!dq PhysicalAddress [L Count]", "Display physical QWORDs",
                        new PhysicalDisplayCommand(8, false)))
                .register(CommandSpec.of("!pcr", "!pcr [Processor]", "Show a processor's KPCR (current processor by default)",
                        new PcrCommand()))
                .register(CommandSpec.of("!prcb", "!prcb [Processor]", "Show a processor's KPRCB summary (processor 0 by default)",
                        new PrcbCommand()))
                .register(CommandSpec.of("!cpuinfo", "!cpuinfo [Processor]", "Show each processor's model, clock and microcode",
                        new CpuInfoCommand()))
                .register(CommandSpec.of("vertarget", "vertarget", "Show the target's version, uptime and kernel base",
                        new VertargetCommand(null)))
                .register(CommandSpec.of("version", "version", "Show the target's version, then the debugger's",
                        new VertargetCommand(table::all)))
                .register(CommandSpec.of(".effmach", ".effmach [. | # | amd64 | x64]", "Show the effective machine",
                        new EffmachCommand()))
                .register(CommandSpec.of("x", "x [/a|/n] [/0|/1|/2] Module!Pattern", "List the symbols that match a pattern",
                        new ExamineSymbolsCommand()))
                .register(CommandSpec.of("dds", "dds [Range]", "Display DWORDs and the symbols they point at",
                        new DisplayMemoryCommand(4, DisplayMemoryCommand.Style.SYMBOLS)))
                .register(CommandSpec.of("dqs dps", "dqs [Range]", "Display QWORDs and the symbols they point at",
                        new DisplayMemoryCommand(8, DisplayMemoryCommand.Style.SYMBOLS)))
                .register(CommandSpec.of("da", "da [Range]", "Display an ANSI string", new DisplayStringCommand(false)))
                .register(CommandSpec.of("du", "du [Range]", "Display a Unicode string", new DisplayStringCommand(true)))
                .register(CommandSpec.of("dl", "dl Address [MaxCount [Size]]", "Walk a LIST_ENTRY list by its Flinks",
                        new DisplayListCommand()))
                .register(CommandSpec.of("lm", "lm [v] [k|u] [1m] [sm] [a Address] [m Pattern | M Pattern]",
                        "List loaded modules: the implicit process's user images and the kernel's, by address",
                        new LmCommand()))
                .register(CommandSpec.of("r", "r [Register[=Value][, ...]] | r? $tN = C++Expression",
                        "Show the implicit thread's registers, or one; set $t0-$t19 (r $t0 = 5)", new RegisterCommand()))
                .register(CommandSpec.of("!thread", "!thread [-p] [-t] [Thread [Flags]]",
                        "Show a thread: state, wait objects, times, stack bounds, priorities, stack",
                        new ThreadCommand()))
                .register(CommandSpec.of(".thread", ".thread [/p [/r]] [Thread]",
                        "Make a thread the register context (and its process the implicit process)",
                        new DotThreadCommand()))
                .register(CommandSpec.of("k kb kv", "k[b|v] [n] [FrameCount]",
                        "Stack backtrace of the implicit thread, unwound from the images' .pdata", new StackCommand())
                        .needs(Requirement.THREAD))
                .register(CommandSpec.of("ln", "ln Address", "List the nearest symbols around an address",
                        new ListNearestCommand()))
                .register(CommandSpec.of("u", "u [Range]",
                        "Unassemble: 8 instructions by default, going on after the last listing", new UnassembleCommand(unassembly)))
                .register(CommandSpec.of("ub", "ub [Address] [L Count]",
                        "Unassemble backwards: the instructions that end just before an address", new UnassembleBackCommand(unassembly)))
                .register(CommandSpec.of("uf", "uf Address",
                        "Unassemble a function: its .pdata extent, followed through its branches, block by block in address order",
                        new UnassembleFunctionCommand(unassembly)))
                .register(CommandSpec.of("?", "? Expression", "Evaluate a MASM expression", new EvaluateCommand())
                        .helpKey("command/evaluate"))
                .register(CommandSpec.of(".formats", ".formats Expression",
                        "Show a value as hex, decimal, octal, binary, characters, FILETIME, float and double",
                        new FormatsCommand()))
                .register(CommandSpec.of("??", "?? Expression",
                        "Evaluate a C++ expression: integers, sizeof, #FIELD_OFFSET, registers", new CppEvaluateCommand())
                        .helpKey("command/evaluate-cpp"))
                .register(CommandSpec.of(".isf", ".isf File|Directory",
                        "Write the kernel's types and symbols as a Volatility 3 ISF file", new IsfCommand()))
                .register(CommandSpec.of("!object", "!object Address|Path [Flags]",
                        "Show an object's header, name and counts; a directory's entries, a link's target",
                        new ObjectCommand()))
                .register(CommandSpec.of("!handle", "!handle [Handle [Flags [Process [TypeName]]]]",
                        "List a process's handles (0 = all processes) with their objects", new HandleCommand()))
                .register(CommandSpec.of("!token", "!token [-n] [Address]",
                        "Show a token: user, groups, privileges, logon, type, flags (-n names the SIDs)",
                        new TokenCommand()))
                .register(CommandSpec.of("!sid", "!sid Address [Flags]", "Show the SID at an address (1: with its name)",
                        new SidCommand()))
                .register(CommandSpec.of("!sd", "!sd Address [Flags]",
                        "Show a security descriptor: control, owner, group, DACL and SACL entries", new SdCommand()))
                .register(CommandSpec.of("!vad", "!vad [Address [Flags]]",
                        "List the implicit process's VADs (or a tree from a VAD); 1: one VAD in detail", new VadCommand()))
                .register(CommandSpec.of("!address", "!address [Address | -summary]",
                        "Show the region that holds an address (usage, state, protection), or a summary of user space",
                        new AddressCommand()))
                .register(CommandSpec.of("!drvobj", "!drvobj DriverObject [Flags]",
                        "Show a driver object: its devices (1), entry points and dispatch table (2), fast I/O (4)",
                        new DriverObjectCommand()))
                .register(CommandSpec.of("!devobj", "!devobj DeviceObject",
                        "Show a device object: driver, type, flags, extensions, the devices above and below it",
                        new DeviceObjectCommand()))
                .register(CommandSpec.of("!devnode", "!devnode Address [Flags] [Service]",
                        "Show a PnP device node (0: the root; 1: with its children, 0x10 not started, 0x20 problems)",
                        new DeviceNodeCommand()))
                .register(CommandSpec.of("!devstack", "!devstack DeviceObject",
                        "Show the device stack a device is in, top first", new DeviceStackCommand()))
                .register(CommandSpec.of("!pool", "!pool Address [Flags]",
                        "Show the pool page (or big allocation) that holds an address, its blocks and tags",
                        new PoolCommand()))
                .register(CommandSpec.of(".cls", ".cls", "Clear the screen (on a terminal; nothing in a script)",
                        new ClearScreenCommand(clearScreen)))
                .register(CommandSpec.of(".dump", ".dump [/o] [/c Comment] [/isf] /f|/ka FileName",
                        "Write the machine as a complete kernel crash dump (/f: runs when they fit, else bitmap; /ka: bitmap)",
                        new DumpCommand()))
                .register(CommandSpec.of(".opendump", ".opendump FileName",
                        "Open a crash dump and go on debugging it (prompt kd>)", new OpenDumpCommand(openDump)))
                .register(CommandSpec.of("q", "q", "Quit", new QuitCommand(quit)))
                .register(CommandSpec.of(".echo", ".echo [String]", "Print a line of text", new EchoCommand()))
                .register(CommandSpec.of(".printf", ".printf [/D] \"Format\" [, Argument ...]",
                        "Print formatted text: %p %x %d %u %ma %mu %msu %y %N %I64x ...", new PrintfCommand()))
                .register(CommandSpec.of("n", "n [8|10|16]", "Show or set the default radix of numbers", new RadixCommand()))
                .register(CommandSpec.of(".expr", ".expr [/q] [/s masm|c++]", "Show or choose the default expression evaluator",
                        new ExprCommand()))
                .register(CommandSpec.of("as", "as Name Line | aS Name String | as /x|/ma|/mu|/msa|/msu|/f|/c Name Value",
                        "Set an alias, replaced in later lines by ${Name} or by Name alone", new AliasCommands.Set()))
                .register(CommandSpec.of("ad", "ad [/q] Name | *", "Delete an alias, or all of them", new AliasCommands.Delete()))
                .register(CommandSpec.of("al", "al", "List the aliases", new AliasCommands.List()))
                .register(CommandSpec.of(".logopen", ".logopen [/t] [/u] [/html] [FileName]",
                        "Copy the session to a log file in the working directory (kdlab's /html: a web page)", new LogCommands.Open(false)))
                .register(CommandSpec.of(".logappend", ".logappend [/u] [FileName]",
                        "Append the session's output to a log file in the working directory", new LogCommands.Open(true)))
                .register(CommandSpec.of(".logclose", ".logclose", "Close the log file", new LogCommands.Close()))
                .register(CommandSpec.of(".sympath", ".sympath[+] [Path]", "Show or set the symbol search path (symbols are built in)",
                        new SymbolPathCommands.SymbolPath()))
                .register(CommandSpec.of(".symfix", ".symfix[+] [LocalSymbolCache]",
                        "Set the symbol path to Microsoft's symbol server (symbols are built in)", new SymbolPathCommands.SymbolFix()))
                .register(CommandSpec.of(".reload", ".reload [/f] [/user] [Module]", "Reload symbols (they are the machine's own)",
                        new SymbolPathCommands.Reload()))
                .register(CommandSpec.of("!list", "!list [-t [mod!]Type.Field] [-x \"Commands\"] [-a \"Arguments\"] [-e] [-m Max] Address",
                        "Run commands for each element of a linked list, its address in @$extret", new ListCommand()))
                .register(CommandSpec.of("!for_each_module", "!for_each_module [CommandString]",
                        "Run commands for each loaded module, named by @#ModuleName, @#Base, @#End, @#Size ...",
                        new ForEachModuleCommand()))
                .register(CommandSpec.of("ep", "ep Address Values...", "Enter pointer-sized values (QWORDs)", new EnterMemoryCommand(8)))
                .register(CommandSpec.of("$<", "$<FileName", "Run a script file line by line (the name runs to the line's end)",
                        new ScriptFileCommand(ScriptForm.LINES))
                        .helpKey("command/script"))
                .register(CommandSpec.of("$><", "$><FileName", "Run a script file as one command line",
                        new ScriptFileCommand(ScriptForm.JOINED))
                        .helpKey("command/script"))
                .register(CommandSpec.of("$$<", "$$<FileName", "Run a script file line by line",
                        new ScriptFileCommand(ScriptForm.LINES_TO_SEMICOLON))
                        .helpKey("command/script"))
                .register(CommandSpec.of("$$><", "$$><FileName", "Run a script file as one command line",
                        new ScriptFileCommand(ScriptForm.JOINED_TO_SEMICOLON))
                        .helpKey("command/script"))
                .register(CommandSpec.of("$$>a<", "$$>a<FileName [Arg1 Arg2 ...]",
                        "Run a script file as one command line, its arguments as ${$arg1} ...",
                        new ScriptFileCommand(ScriptForm.JOINED_WITH_ARGUMENTS)).helpKey("command/script"))
                // control-flow tokens: the statement grammar runs them; their rows serve help, completion, highlighting
                .register(CommandSpec.of(".if .elsif .else",
                        ".if (Condition) { Commands } [.elsif (Condition) { Commands }] [.else { Commands }]",
                        "Run the block of the first condition that is not zero", new StatementRow()))
                .register(CommandSpec.of(".for", ".for (Commands; Condition; Commands) { Commands }",
                        "Loop: commands first, a condition before each round, commands after it", new StatementRow()))
                .register(CommandSpec.of(".while", ".while (Condition) { Commands }",
                        "Run a block while a condition is not zero", new StatementRow()))
                .register(CommandSpec.of(".do", ".do { Commands } (Condition)",
                        "Run a block, then again while a condition is not zero", new StatementRow()))
                .register(CommandSpec.of(".foreach", ".foreach [Options] (Variable { Commands }) { Commands }",
                        "Run a block for each token of commands' output, a string or a file", new StatementRow()))
                .register(CommandSpec.of(".block", ".block { Commands }",
                        "A block whose aliases are replaced when it is entered", new StatementRow()))
                .register(CommandSpec.of(".catch", ".catch { Commands }",
                        "A block in which a failing command ends the block, not the program", new StatementRow()))
                .register(CommandSpec.of(".break", ".break", "Leave the loop", new StatementRow()))
                .register(CommandSpec.of(".continue", ".continue", "Start the loop's next round", new StatementRow()))
                .register(CommandSpec.of(".leave", ".leave", "Leave the .catch block", new StatementRow()))
                .register(CommandSpec.of("j", "j Condition 'Commands' ; 'Commands'",
                        "Run one of two commands by a condition", new StatementRow()))
                .register(CommandSpec.of("z", "z(Condition)",
                        "Run the line's commands before it again while a condition is not zero", new StatementRow()))
                .register(CommandSpec.of(".help .hh", ".help [Command]",
                        "List the commands, or show one's syntax, options and an example", new HelpCommand(table)))
                .register(CommandSpec.of("bp bu", "bp [/1] Address [Passes] [CommandString]",
                        "Set a breakpoint on a routine of the kernel's creation and exit flows (bu: the same, by name)",
                        new BreakpointCommands.Set()))
                .register(CommandSpec.of("bm", "bm [/1] Module!Pattern [CommandString]",
                        "Set breakpoints on every function whose name matches (bm nt!Psp*)", new BreakpointCommands.Match()))
                .register(CommandSpec.of("bl", "bl", "List the breakpoints", new BreakpointCommands.List_()))
                .register(CommandSpec.of("bc", "bc Ids", "Clear breakpoints",
                        new BreakpointCommands.Change(BreakpointCommands.Change.Action.CLEAR)))
                .register(CommandSpec.of("bd", "bd Ids", "Disable breakpoints",
                        new BreakpointCommands.Change(BreakpointCommands.Change.Action.DISABLE)))
                .register(CommandSpec.of("be", "be Ids", "Enable breakpoints",
                        new BreakpointCommands.Change(BreakpointCommands.Change.Action.ENABLE)))
                .register(CommandSpec.of("g", "g", "Go: a stopped creation or exit runs to the next breakpoint or its end",
                        new FlowCommands.Resume(ProcessLab.Resume.GO)))
                .register(CommandSpec.of("t", "t", "Trace: run to the next routine the flow enters (no instruction emulation)",
                        new FlowCommands.Resume(ProcessLab.Resume.STEP_INTO)))
                .register(CommandSpec.of("p", "p", "Step: run over this routine to the next one at the same depth or above",
                        new FlowCommands.Resume(ProcessLab.Resume.STEP_OVER)))
                .register(CommandSpec.of("gu", "gu", "Go up: run until the current routine returns to its caller",
                        new FlowCommands.Resume(ProcessLab.Resume.STEP_OUT)))
                .register(CommandSpec.of(".create", ".create [/p Pid] [/u User] [/s Session] [/suspended] ImagePath [Arguments]",
                        "Create a process in the emulated kernel (NtCreateUserProcess, stopping at breakpoints); "
                                + "not WinDbg's user-mode .create", new FlowCommands.Create()))
                .register(CommandSpec.of(".kill", ".kill Pid",
                        "Terminate a process in the emulated kernel (NtTerminateProcess, stopping at breakpoints)",
                        new FlowCommands.Kill()))
                .register(CommandSpec.of("!kdlab.trace", "!kdlab.trace [Address]",
                        "The fields the last .create or .kill wrote, step by step; with an address, who wrote it",
                        new TraceCommand()))
                .register(CommandSpec.of("!kdlab.stages", "!kdlab.stages",
                        "Draw the last .create's (or .kill's) stages in order, fields written per step, and where a stopped flow stands",
                        new StagesCommand()));
    }
}
