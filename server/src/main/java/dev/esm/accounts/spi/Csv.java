package dev.esm.accounts.spi;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A CSV file of the export (RFC 4180: comma-separated, CRLF, fields quoted when they hold a comma, quote or line
 * break). A field that a spreadsheet would read as a formula (starting with {@code = + - @}, tab or CR) is prefixed
 * with an apostrophe. No CSV library is on the offline class path; this is all the export needs.
 */
public final class Csv {

    private final StringBuilder text = new StringBuilder();

    public Csv(String... header) {
        row((Object[]) header);
    }

    public Csv row(Object... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(field(fields[i]));
        }
        text.append("\r\n");
        return this;
    }

    public Csv rows(List<Object[]> rows) {
        rows.forEach(this::row);
        return this;
    }

    public byte[] bytes() {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!s.isEmpty() && !(value instanceof Number) && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
