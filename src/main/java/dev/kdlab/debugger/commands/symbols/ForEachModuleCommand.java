package dev.kdlab.debugger.commands.symbols;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.commands.symbols.LmCommand.Image;
import dev.kdlab.debugger.script.Aliases;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code !for_each_module ["CommandString"]} (Microsoft Learn, debuggercmds, "!for_each_module"): runs the
 * commands once for each loaded module, in address order (the implicit process's user modules, then the kernel's),
 * with the module in the aliases {@code @#ModuleIndex}, {@code @#ModuleName} (as lm names it), {@code @#Base},
 * {@code @#End}, {@code @#Size}, {@code @#ImageName} (the file) and {@code @#LoadedImageName} (its path). Without commands it prints each module's base,
 * end and name, as {@code lm} lists them.
 */
public final class ForEachModuleCommand implements Command {

    @Override
    public void execute(Invocation invocation) {
        String commands = invocation.command().arguments();
        if (commands.length() >= 2 && commands.startsWith("\"") && commands.endsWith("\"")) {
            commands = commands.substring(1, commands.length() - 1);
        }
        List<Image> modules = LmCommand.all(invocation.session());
        Aliases aliases = invocation.session().aliases();
        for (int i = 0; i < modules.size(); i++) {
            Image module = modules.get(i);
            if (commands.isBlank()) {
                invocation.out().println(Hex.backtick(module.base()) + " " + Hex.backtick(module.end()) + "   " + module.name());
                continue;
            }
            Map<String, String> names = new LinkedHashMap<>();
            names.put("@#ModuleIndex", Integer.toHexString(i));
            names.put("@#ModuleName", module.name());
            names.put("@#Base", Hex.backtick(module.base()));
            names.put("@#End", Hex.backtick(module.end()));
            names.put("@#Size", Long.toHexString(module.end() - module.base()));
            names.put("@#ImageName", module.fileName());
            names.put("@#LoadedImageName", module.fullPath());
            try (Aliases.Scope scope = aliases.open(names)) {
                invocation.lines().run(commands, invocation.out());
            }
        }
    }
}
