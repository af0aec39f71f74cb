package dev.kdlab.exercises;

import dev.kdlab.debugger.CommandSpec;
import dev.kdlab.debugger.help.HelpLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exercise commands join the debugger's table when a session installs them (HelpTextsTest holds the
 * built-in table): each has its help text, with an example of itself, and .help lists them as kdlab's own.
 */
class ExerciseCommandsHelpTest {
    @TempDir
    static Path data;

    @Test
    void everyExerciseCommandHasAHelpTextAndIsListed() {
        SolutionRun run = new SolutionRun(19045, data);
        List<String> names = List.of(".exercise", ".hint", ".answer", ".reveal");
        for (String name : names) {
            CommandSpec spec = run.debugger.registry().find(name).orElseThrow();
            var help = HelpLibrary.find(spec.helpKey());
            assertThat(help).as(name).isPresent();
            assertThat(help.get().description()).as(name).startsWith("kdlab's own");
            assertThat(help.get().exampleCommands("lkd> ") + "" + help.get().exampleCommands("[l1-pid-by-name] lkd> "))
                    .as(name).contains(name);
        }
        assertThat(run.run(".help")).contains("kdlab's own", ".exercise ", ".hint ", ".answer ", ".reveal ");
        assertThat(run.run(".help .hint")).contains("Hint 1 of 3:");
    }
}
