package dev.kdlab.debugger.syntax;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CommandSyntaxTest {
    private static final CommandSyntax DT = CommandSyntax.parse(
            "dt [-a[N]] [-b] [-r[N]] [-s Size] [-y Field] [-l List] [module!]Type [Address] [Field...]");

    @Test
    void optionsWithTheirValues() {
        assertThat(DT.options()).containsExactly(
                new OptionSyntax("-a", Optional.empty()),
                new OptionSyntax("-b", Optional.empty()),
                new OptionSyntax("-r", Optional.empty()),
                new OptionSyntax("-s", Optional.of(ArgumentKind.NUMBER)),
                new OptionSyntax("-y", Optional.of(ArgumentKind.FIELD)),
                new OptionSyntax("-l", Optional.of(ArgumentKind.FIELD)));
        assertThat(DT.slots()).containsExactly(
                new Slot("Type", ArgumentKind.TYPE, false, false),
                new Slot("Address", ArgumentKind.EXPRESSION, true, false),
                new Slot("Field", ArgumentKind.FIELD, true, true));
        assertThat(DT.unknownWords()).isEmpty();
    }

    @Test
    void theNextWordsKinds() {
        assertThat(DT.next(List.of()).kinds()).containsExactly(ArgumentKind.TYPE);
        assertThat(DT.next(List.of("-b", "-r2")).kinds()).containsExactly(ArgumentKind.TYPE);
        // after the type the address may be left out, so a field may come next
        assertThat(DT.next(List.of("nt!_EPROCESS")).kinds()).containsExactly(ArgumentKind.FIELD, ArgumentKind.EXPRESSION);
        assertThat(DT.next(List.of("nt!_EPROCESS", "ffff8000`00000000", "Pcb")).kinds()).containsExactly(ArgumentKind.FIELD);
        CommandSyntax.Position afterY = DT.next(List.of("nt!_EPROCESS", "-y"));
        assertThat(afterY.kinds()).containsExactly(ArgumentKind.FIELD);
        assertThat(afterY.optionsAllowed()).isFalse();
        assertThat(DT.option("-a5")).contains(new OptionSyntax("-a", Optional.empty()));
    }

    @Test
    void keywordsAlternativesAndNestedBrackets() {
        CommandSyntax lm = CommandSyntax.parse("lm [v] [k|u] [1m] [sm] [a Address] [m Pattern | M Pattern]");
        assertThat(lm.options()).extracting(OptionSyntax::text).containsExactly("v", "k", "u", "1m", "sm", "a", "m", "M");
        assertThat(lm.option("M")).contains(new OptionSyntax("M", Optional.of(ArgumentKind.MODULE)));
        assertThat(lm.next(List.of("v", "m")).kinds()).containsExactly(ArgumentKind.MODULE);
        assertThat(lm.slots()).isEmpty();

        CommandSyntax vtop = CommandSyntax.parse("!vtop DirBase|PFN|0 VirtualAddress");
        assertThat(vtop.slots()).extracting(Slot::placeholder).containsExactly("DirBase", "VirtualAddress");
        assertThat(vtop.options()).isEmpty();

        CommandSyntax process = CommandSyntax.parse(".process [/p [/r]] [/P] [Process]");
        assertThat(process.options()).extracting(OptionSyntax::text).containsExactly("/p", "/r", "/P");
        assertThat(process.option("/P")).contains(new OptionSyntax("/P", Optional.empty()));
        assertThat(process.next(List.of("/p", "/r")).kinds()).containsExactly(ArgumentKind.PROCESS);

        CommandSyntax x = CommandSyntax.parse("x [/a|/n] [/0|/1|/2] Module!Pattern");
        assertThat(x.slots()).containsExactly(new Slot("Module!Pattern", ArgumentKind.SYMBOL, false, false));

        CommandSyntax k = CommandSyntax.parse("k[b|v] [n] [FrameCount]");
        assertThat(k.options()).extracting(OptionSyntax::text).containsExactly("n");
        assertThat(k.slots()).extracting(Slot::kind).containsExactly(ArgumentKind.NUMBER);
    }

    @Test
    void anArgumentGluedToTheName() {
        assertThat(CommandSyntax.parse("$$<FileName").gluedSlot()).contains(new Slot("FileName", ArgumentKind.FILE, false, false));
        assertThat(CommandSyntax.parse("$$>a<FileName [Arg1 Arg2 ...]").gluedSlot()).isPresent();
        assertThat(CommandSyntax.parse("dt [-b] Type").gluedSlot()).isEmpty();
        assertThat(CommandSyntax.parse("k[b|v] [n] [FrameCount]").gluedSlot()).isEmpty();
    }

    @Test
    void anUnknownPlaceholderIsListed() {
        assertThat(CommandSyntax.parse("!foo [-x] Gadget Type").unknownWords()).containsExactly("Gadget");
    }
}
