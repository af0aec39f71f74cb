package dev.kdlab.debugger.log;

import dev.kdlab.debugger.Lkd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** .logopen and .logclose: the session as a text log, or as a web page with /html. */
class SessionLogTest {
    private static final Lkd LKD = new Lkd();

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void workInTheTemporaryDirectory() {
        LKD.workIn(dir);
    }

    @Test
    void aTextLogHoldsEachCommandAfterItsPromptAndItsOutput() throws IOException {
        Path log = dir.resolve("session.log").toAbsolutePath();
        assertThat(LKD.run(".logopen session.log")).containsExactly("Opened log file '" + log + "'");
        List<String> process = LKD.run("!process 0 0 notepad.exe");
        List<String> error = LKD.run("proces");
        assertThat(LKD.run(".logclose")).containsExactly("Closing open log file " + log);
        assertThat(LKD.run(".logclose")).containsExactly("No log file open");

        List<String> expected = new ArrayList<>();
        expected.add("Opened log file '" + log + "'");
        expected.add("lkd> !process 0 0 notepad.exe");
        expected.addAll(process);
        expected.add("lkd> proces");
        expected.addAll(error);
        expected.add("lkd> .logclose");
        expected.add("Closing open log file " + log);
        assertThat(Files.readAllLines(log, StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void anHtmlLogShowsTheSessionInColourWithItsPictures() throws IOException {
        Path page = dir.resolve("session.html");
        LKD.run(".logopen /html session.html");
        LKD.run("!walk nt!PsActiveProcessHead");
        LKD.run("!nosuch <x>");
        LKD.run(".logclose");
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<meta charset=\"utf-8\">").endsWith("</html>\n");
        assertThat(html).contains("<span class=\"command\">lkd&gt; !walk nt!PsActiveProcessHead</span>");
        assertThat(html).contains("└─ PML4E [0x");
        assertThat(html).containsPattern("<span class=\"address\">[0-9a-f]{8}`[0-9a-f]{8}</span>");
        assertThat(html).contains("<span class=\"error\">No export nosuch found</span>");
        assertThat(html).doesNotContain("<x>");
    }

    @Test
    void aFileThatCannotBeWrittenIsAnErrorAndNoLogIsOpen() {
        assertThat(LKD.run(".logopen no/such/dir/x.log")).containsExactly("Unable to open log file 'no/such/dir/x.log'");
        assertThat(LKD.run(".logclose")).containsExactly("No log file open");
    }

    /** The page as a real browser reads it (Debian's chromium; skipped where it is not installed, as on CI). */
    @Test
    void aHeadlessBrowserReadsThePage() throws Exception {
        String browser = findBrowser();
        assumeTrue(browser != null, "no chromium installed");
        Path page = dir.resolve("browser.html");
        LKD.run(".logopen /html browser.html");
        LKD.run("!kdlab.pstree");
        LKD.run(".logclose");
        Process chromium = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                page.toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dom).contains("<pre class=\"session\">").contains("├─ Registry").contains("&lt;exited&gt;");
    }

    private static String findBrowser() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        return null;
    }
}
