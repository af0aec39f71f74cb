package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.CommandRegistry;
import dev.kdlab.debugger.CommandSpec;

/** The command table: every command kdlab knows, with its synopsis and one line of help. */
public final class BuiltInCommands {
    private BuiltInCommands() {
    }

    public static CommandRegistry registry(Runnable quit) {
        return new CommandRegistry()
                .register(CommandSpec.of("dt", "dt [-r[N]] [-b] [-v] [-y Field] [module!]Type [Address] [Field...]",
                        "Display a type's layout, or an instance of it", new DtCommand()))
                .register(CommandSpec.of("!process", "!process [Process [Flags [ImageName]]]",
                        "Summarise processes: 0 = all active, -1 = implicit, an EPROCESS address or a Cid",
                        new ProcessCommand()))
                .register(CommandSpec.of(".process", ".process [/p [/r]] [/P] [Process]",
                        "Show or set the implicit process (its page tables translate user addresses)",
                        new DotProcessCommand()))
                .register(CommandSpec.of("!peb", "!peb [Address]", "Show the implicit process's PEB and loader lists",
                        new PebCommand()))
                .register(CommandSpec.of("!teb", "!teb [Address]", "Show the implicit thread's TEB", new TebCommand()))
                .register(CommandSpec.of("db", "db [Range]", "Display bytes and ASCII", new DisplayMemoryCommand(1)))
                .register(CommandSpec.of("dw", "dw [Range]", "Display words", new DisplayMemoryCommand(2)))
                .register(CommandSpec.of("dd", "dd [Range]", "Display DWORDs", new DisplayMemoryCommand(4)))
                .register(CommandSpec.of("dq", "dq [Range]", "Display QWORDs", new DisplayMemoryCommand(8)))
                .register(CommandSpec.of("eb", "eb Address Values", "Enter bytes", new EnterMemoryCommand(1)))
                .register(CommandSpec.of("ew", "ew Address Values", "Enter words", new EnterMemoryCommand(2)))
                .register(CommandSpec.of("ed", "ed Address Values", "Enter DWORDs", new EnterMemoryCommand(4)))
                .register(CommandSpec.of("eq", "eq Address Values", "Enter QWORDs", new EnterMemoryCommand(8)))
                .register(CommandSpec.of("!pte", "!pte VirtualAddress|PteAddress",
                        "Show the PXE, PPE, PDE and PTE that map an address", new PteCommand()))
                .register(CommandSpec.of("!vtop", "!vtop DirBase|PFN|0 VirtualAddress",
                        "Translate a virtual address step by step", new VtopCommand()))
                .register(CommandSpec.of("!walk", "!walk VirtualAddress",
                        "kdlab: draw the page walk of an address, level by level", new WalkCommand()))
                .register(CommandSpec.of("!db", "!db [c|uc|wc] PhysicalAddress [L Count]",
                        "Display physical memory as bytes and ASCII", new PhysicalDisplayCommand(1, true)))
                .register(CommandSpec.of("!dd", "!dd PhysicalAddress [L Count]", "Display physical DWORDs",
                        new PhysicalDisplayCommand(4, false)))
                .register(CommandSpec.of("!dc", "!dc PhysicalAddress [L Count]", "Display physical DWORDs and ASCII",
                        new PhysicalDisplayCommand(4, true)))
                .register(CommandSpec.of("!dq", "!dq PhysicalAddress [L Count]", "Display physical QWORDs",
                        new PhysicalDisplayCommand(8, false)))
                .register(CommandSpec.of("r", "r [Register]",
                        "Show the implicit thread's registers, or one register (r rip, r cr3)", new RegisterCommand()))
                .register(CommandSpec.of("!thread", "!thread [-p] [-t] [Address [Flags]]",
                        "Show a thread: state, wait objects, times, stack bounds, priorities, stack",
                        new ThreadCommand()))
                .register(CommandSpec.of(".thread", ".thread [/p [/r]] [Thread]",
                        "Make a thread the register context (and its process the implicit process)",
                        new DotThreadCommand()))
                .register(CommandSpec.of("k kb kv", "k[b|v] [n] [FrameCount]",
                        "Stack backtrace of the implicit thread, unwound from the images' .pdata", new StackCommand()))
                .register(CommandSpec.of("ln", "ln Address", "List the nearest symbols around an address",
                        new ListNearestCommand()))
                .register(CommandSpec.of("?", "? Expression", "Evaluate a MASM expression", new EvaluateCommand()))
                .register(CommandSpec.of("q", "q", "Quit", new QuitCommand(quit)));
    }
}
