package dev.kdlab.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house as DESIGN.md draws it, held by the compiler's output: data flows down, from the
 * emulated kernel through memory to the target seam and up to the debugger, and an arrow never
 * points up. The kernel's components keep the arrows their package-info names.
 */
@AnalyzeClasses(packages = "dev.kdlab", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule memoryIsTheBottom = noClasses().that().resideInAPackage("dev.kdlab.memory..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.types..", "dev.kdlab.struct..",
                    "dev.kdlab.kernel..", "dev.kdlab.target..", "dev.kdlab.lang..", "dev.kdlab.debugger..",
                    "dev.kdlab.scenario..", "dev.kdlab.cli..", "dev.kdlab.pe..", "dev.kdlab.dump..");

    /** The disassembler is format knowledge only: bytes in, instructions and WinDbg's text out. */
    @ArchTest
    static final ArchRule disassemblerStandsAlone = noClasses().that().resideInAPackage("dev.kdlab.disasm..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.memory..", "dev.kdlab.types..",
                    "dev.kdlab.struct..", "dev.kdlab.kernel..", "dev.kdlab.target..", "dev.kdlab.lang..",
                    "dev.kdlab.debugger..", "dev.kdlab.scenario..", "dev.kdlab.cli..", "dev.kdlab.pe..");

    @ArchTest
    static final ArchRule typesStandAlone = noClasses().that().resideInAPackage("dev.kdlab.types..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.memory..", "dev.kdlab.struct..",
                    "dev.kdlab.kernel..", "dev.kdlab.target..", "dev.kdlab.lang..", "dev.kdlab.debugger..",
                    "dev.kdlab.scenario..", "dev.kdlab.cli..", "dev.kdlab.dump..");

    @ArchTest
    static final ArchRule fieldAccessUsesMemoryAndTypesOnly = noClasses().that().resideInAPackage("dev.kdlab.struct..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.kernel..", "dev.kdlab.target..",
                    "dev.kdlab.lang..", "dev.kdlab.debugger..", "dev.kdlab.scenario..", "dev.kdlab.cli..");

    /** Crash dumps are a format over physical memory: the writer and reader know memory and types, nothing above. */
    @ArchTest
    static final ArchRule dumpsUseMemoryAndTypesOnly = noClasses().that().resideInAPackage("dev.kdlab.dump..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.struct..", "dev.kdlab.kernel..",
                    "dev.kdlab.target..", "dev.kdlab.lang..", "dev.kdlab.debugger..", "dev.kdlab.scenario..",
                    "dev.kdlab.cli..", "dev.kdlab.pe..");

    /** The seam reads a machine through memory, types, PE headers and dump files; it knows nothing above. */
    @ArchTest
    static final ArchRule targetSitsOnMemoryAndDumps = noClasses().that().resideInAPackage("dev.kdlab.target..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.lang..", "dev.kdlab.debugger..",
                    "dev.kdlab.cli..");

    /** The one rule that makes it real: the debugger sees bytes through Target, never the kernel's Java objects. */
    @ArchTest
    static final ArchRule debuggerNeverSeesTheKernel = noClasses().that().resideInAnyPackage("dev.kdlab.debugger..",
                    "dev.kdlab.lang..", "dev.kdlab.target..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.kernel..", "dev.kdlab.scenario..");

    /** Exercises check answers against the bytes, as the commands read them: never the kernel's Java objects. */
    @ArchTest
    static final ArchRule exercisesNeverSeeTheKernel = noClasses().that().resideInAPackage("dev.kdlab.exercises..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.kernel..");

    @ArchTest
    static final ArchRule kernelDoesNotReachUp = noClasses().that().resideInAPackage("dev.kdlab.kernel..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.target..", "dev.kdlab.lang..",
                    "dev.kdlab.debugger..", "dev.kdlab.scenario..", "dev.kdlab.cli..");

    @ArchTest
    static final ArchRule onlyTheCommandLineStartsSessions = noClasses().that().resideOutsideOfPackage("dev.kdlab.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.kdlab.cli..");

    @ArchTest
    static final ArchRule kernelComponentsHaveNoCycles = slices().matching("dev.kdlab.kernel.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule layersHaveNoCycles = slices().matching("dev.kdlab.(*)..").should().beFreeOfCycles();

    // The components' arrows, as the kernel's package-info lists them
    // (down: ex, image; ob; io, cm, se; mm; ke; ldr; ps; init).

    @ArchTest
    static final ArchRule executiveSupportIsLowest = noClasses().that().resideInAnyPackage("dev.kdlab.kernel.ex..",
                    "dev.kdlab.kernel.image..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.kernel.ob..", "dev.kdlab.kernel.se..",
                    "dev.kdlab.kernel.io..", "dev.kdlab.kernel.cm..", "dev.kdlab.kernel.mm..", "dev.kdlab.kernel.ke..",
                    "dev.kdlab.kernel.ldr..", "dev.kdlab.kernel.ps..", "dev.kdlab.kernel.init..");

    @ArchTest
    static final ArchRule objectManagerUsesExecutiveOnly = noClasses().that().resideInAPackage("dev.kdlab.kernel.ob..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.kernel.se..", "dev.kdlab.kernel.io..",
                    "dev.kdlab.kernel.cm..", "dev.kdlab.kernel.mm..", "dev.kdlab.kernel.ke..", "dev.kdlab.kernel.ldr..",
                    "dev.kdlab.kernel.ps..", "dev.kdlab.kernel.init..");

    /** The I/O manager (drivers, devices, files) and the configuration manager (keys) sit on ob, ex and image. */
    @ArchTest
    static final ArchRule ioAndRegistryUseObjectManagerOnly = noClasses().that()
            .resideInAnyPackage("dev.kdlab.kernel.io..", "dev.kdlab.kernel.cm..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.kernel.se..", "dev.kdlab.kernel.mm..",
                    "dev.kdlab.kernel.ke..", "dev.kdlab.kernel.ldr..", "dev.kdlab.kernel.ps..",
                    "dev.kdlab.kernel.init..");

    @ArchTest
    static final ArchRule filesDoNotKnowTheRegistry = noClasses().that().resideInAPackage("dev.kdlab.kernel.io..")
            .should().dependOnClassesThat().resideInAPackage("dev.kdlab.kernel.cm..");

    @ArchTest
    static final ArchRule registryDoesNotKnowFiles = noClasses().that().resideInAPackage("dev.kdlab.kernel.cm..")
            .should().dependOnClassesThat().resideInAPackage("dev.kdlab.kernel.io..");

    @ArchTest
    static final ArchRule memoryManagerAndSecurityStayBelowKe = noClasses().that()
            .resideInAnyPackage("dev.kdlab.kernel.mm..", "dev.kdlab.kernel.se..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.kernel.ke..", "dev.kdlab.kernel.ldr..",
                    "dev.kdlab.kernel.ps..", "dev.kdlab.kernel.init..", "dev.kdlab.kernel.cm..");

    @ArchTest
    static final ArchRule securityDoesNotKnowMemoryOrFiles = noClasses().that().resideInAPackage("dev.kdlab.kernel.se..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.kernel.mm..", "dev.kdlab.kernel.io..");

    @ArchTest
    static final ArchRule keDoesNotKnowProcessCreation = noClasses().that().resideInAPackage("dev.kdlab.kernel.ke..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.kernel.ldr..", "dev.kdlab.kernel.ps..",
                    "dev.kdlab.kernel.init..", "dev.kdlab.kernel.se..", "dev.kdlab.kernel.cm..");

    @ArchTest
    static final ArchRule loaderStaysBelowPs = noClasses().that().resideInAPackage("dev.kdlab.kernel.ldr..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.kernel.ps..", "dev.kdlab.kernel.init..");

    @ArchTest
    static final ArchRule onlyBootTakesTheWholeKernel = noClasses().that().resideOutsideOfPackages(
                    "dev.kdlab.kernel.init..", "dev.kdlab.scenario..")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.kdlab.kernel.init.Kernel");

    // The debugger's and the language's rooms (issue 9: no package holds more than about 25 classes).

    /** Command families stand side by side: one may borrow from another (k from !process), never in a circle. */
    @ArchTest
    static final ArchRule commandFamiliesHaveNoCycles = slices().matching("dev.kdlab.debugger.commands.(*)..")
            .should().beFreeOfCycles();

    /** Only the command table names every command; a command family never reaches back into the table. */
    @ArchTest
    static final ArchRule commandsDoNotKnowTheTable = noClasses().that().resideInAPackage("dev.kdlab.debugger.commands.*..")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.kdlab.debugger.commands.BuiltInCommands");

    /** Aliases, statements, arguments, expressions and dx syntax: each part of the language leans one way. */
    @ArchTest
    static final ArchRule languagePartsHaveNoCycles = slices().matching("dev.kdlab.lang.(*)..").should().beFreeOfCycles();

    /** Expressions know nothing of statements, commands' arguments or dx: the evaluators stand on their own. */
    @ArchTest
    static final ArchRule expressionsStandAlone = noClasses().that().resideInAPackage("dev.kdlab.lang.expr..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kdlab.lang.statement..", "dev.kdlab.lang.alias..",
                    "dev.kdlab.lang.arguments..", "dev.kdlab.lang.dx..");

    static final int MAX_CLASSES_PER_PACKAGE = 25;

    /** A room a reader can take in: top-level classes per package, ANTLR's generated parsers included. */
    @ArchTest
    static void noPackageHoldsMoreThan25Classes(JavaClasses classes) {
        Map<String, Long> sizes = classes.stream().filter(JavaClass::isTopLevelClass)
                .filter(c -> !c.getSimpleName().equals("package-info"))
                .collect(Collectors.groupingBy(JavaClass::getPackageName, TreeMap::new, Collectors.counting()));
        assertThat(sizes).as("top-level classes per package").allSatisfy((name, count) ->
                assertThat(count).as(name).isLessThanOrEqualTo(MAX_CLASSES_PER_PACKAGE));
    }
}
