package dev.kdlab.debugger.script;

import dev.kdlab.debugger.CommandLines.ScriptForm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What follows a script token: the file name, then (for {@code $$>a<}) the arguments, blank-separated, their
 * quotes removed. Without arguments the whole text names the file, blanks and all.
 */
record ScriptArguments(String file, List<String> arguments) {
    static ScriptArguments parse(String text, ScriptForm form) {
        List<String> words = new ArrayList<>();
        String rest = text.strip();
        int i = 0;
        while (i < rest.length()) {
            while (i < rest.length() && Character.isWhitespace(rest.charAt(i))) {
                i++;
            }
            if (i >= rest.length()) {
                break;
            }
            StringBuilder word = new StringBuilder();
            if (rest.charAt(i) == '"') {
                int close = rest.indexOf('"', i + 1);
                int end = close < 0 ? rest.length() : close;
                word.append(rest, i + 1, end);
                i = close < 0 ? rest.length() : close + 1;
            } else {
                while (i < rest.length() && !Character.isWhitespace(rest.charAt(i))) {
                    word.append(rest.charAt(i++));
                }
            }
            words.add(word.toString());
            if (!form.arguments) {
                // without arguments the whole text names the file (it may hold blanks)
                return new ScriptArguments(rest.startsWith("\"") ? words.get(0) : rest, List.of());
            }
        }
        if (words.isEmpty()) {
            return new ScriptArguments("", List.of());
        }
        return new ScriptArguments(words.get(0), words.subList(1, words.size()));
    }

    /** ${$arg0} (the file as written), ${$arg1} ... ${$argN}, and ${$n}, their number. */
    Map<String, String> aliases() {
        Map<String, String> aliases = new LinkedHashMap<>();
        aliases.put("$arg0", file);
        for (int i = 0; i < arguments.size(); i++) {
            aliases.put("$arg" + (i + 1), arguments.get(i));
        }
        aliases.put("$n", arguments.size() < 10 ? Integer.toString(arguments.size()) : "0n" + arguments.size());
        return aliases;
    }
}
