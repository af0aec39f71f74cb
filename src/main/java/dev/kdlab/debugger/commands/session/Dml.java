package dev.kdlab.debugger.commands.session;

import java.util.regex.Pattern;

/**
 * Debugger Markup Language as a terminal shows it (Microsoft Learn, debugger, "Customizing Debugger Output Using
 * DML"): the tags ({@code <b>}, {@code <link cmd="...">}, {@code <col fg="...">}) are dropped, the text between them
 * stays, and the entities {@code &lt; &gt; &amp; &quot;} become the characters they stand for.
 */
final class Dml {
    private static final Pattern TAG = Pattern.compile("</?[A-Za-z][^<>]*>");

    private Dml() {
    }

    static String plain(String dml) {
        return TAG.matcher(dml).replaceAll("")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }
}
