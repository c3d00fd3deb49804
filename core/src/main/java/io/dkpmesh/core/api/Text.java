package io.dkpmesh.core.api;

/** Shows user-supplied values inside one-line messages without letting them break the line. */
public final class Text {

    private static final int MAX = 80;

    private Text() {}

    /**
     * {@code 'value'} with control characters escaped and long values shortened; secret material
     * masked first ({@link Secrets#mask}), so that shortening cannot cut a secret past recognition.
     */
    public static String quote(String text) {
        String value = Secrets.mask(text);
        StringBuilder out = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (shown++ == MAX) {
                out.append("...");
                break;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\'' -> out.append("\\'");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('\'').toString();
    }

    /** {@code 1 error}, {@code 2 errors}. */
    public static String count(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
