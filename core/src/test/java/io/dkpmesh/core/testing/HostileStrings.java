package io.dkpmesh.core.testing;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A seeded, reproducible generator of hostile strings, and a loop that runs a check over many of
 * them. Every try draws from its own {@link SplittableRandom} seeded with {@code seed + try}, so a
 * failure names the one seed that reproduces it: {@code -Ddkpmesh.seed=<seed>}.
 */
public final class HostileStrings {

    /** The default seed; CI always runs the same tries. Override with {@code -Ddkpmesh.seed=N} to explore. */
    public static final long DEFAULT_SEED = 0x646b706d657368L;

    /**
     * Fragments that would break naive YAML or template output: line breaks of every kind, quotes,
     * document markers, Helm/Go and FreeMarker syntax, YAML indicators, bidi controls, NUL and
     * escape codes, and a few ordinary characters so that some tries are almost valid.
     */
    public static final List<String> FRAGMENTS = List.of(
            "\n",
            "\r\n",
            "\r",
            "\u0085",
            "\u2028",
            "\u2029",
            "\"",
            "'",
            "\\",
            "`",
            "---",
            "...",
            "%YAML 1.2",
            "%TAG ! x:",
            "{{ .Values.x }}",
            "{{",
            "}}",
            "${x}",
            "${",
            "#{x}",
            "<#assign x=1>",
            "<#if true>",
            "[#if true]",
            "[=x]",
            "<@m/>",
            "</#list>",
            ": ",
            " #",
            "# ",
            "&a",
            "*a",
            "!!str ",
            "!x ",
            "? ",
            "- ",
            "|",
            ">",
            "|-",
            "@",
            "%",
            "[",
            "]",
            "{",
            "}",
            ",",
            "\t",
            "\ufeff",
            "\u0000",
            "\u001b[31m",
            "\u007f",
            "\u202e",
            "\u202d",
            "\u2066",
            "\u2067",
            "\u2068",
            "\u2069",
            "\u200e",
            "\u200f",
            "\u200b",
            "é",
            "日本",
            "😀",
            "-",
            "/",
            ".",
            "a",
            "z",
            "0",
            "9",
            "https://",
            "true",
            "null",
            "~",
            "0x1F",
            "1e3");

    private final SplittableRandom random;

    private HostileStrings(SplittableRandom random) {
        this.random = random;
    }

    /** The seed for this run: {@code -Ddkpmesh.seed} or {@link #DEFAULT_SEED}. */
    public static long seed() {
        return Long.getLong("dkpmesh.seed", DEFAULT_SEED);
    }

    /**
     * Runs {@code check} on {@code tries} values drawn by {@code draw}. A failing try is reported with
     * its seed, its number and the value in escaped form, so it can be reproduced and read.
     */
    public static <T> void forAll(String name, int tries, Function<HostileStrings, T> draw, Consumer<T> check) {
        long seed = seed();
        for (int i = 0; i < tries; i++) {
            T value = draw.apply(new HostileStrings(new SplittableRandom(seed + i)));
            try {
                check.accept(value);
            } catch (AssertionError | RuntimeException e) {
                AssertionError failure = new AssertionError(
                        String.format(
                                "%s failed on try %d of %d (seed %d; -Ddkpmesh.seed=%d runs the same tries again) for value %s: %s",
                                name, i + 1, tries, seed, seed, escape(String.valueOf(value)), e.getMessage()),
                        e);
                throw failure;
            }
        }
    }

    /** Up to 12 parts, each a random code point or a hostile fragment; one try in 50 is long (up to 4,000 parts). */
    public String anyText() {
        int parts = random.nextInt(50) == 0 ? 200 + random.nextInt(3_800) : random.nextInt(13);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            if (random.nextBoolean()) {
                text.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
            } else {
                text.appendCodePoint(codePoint());
            }
        }
        return text.toString();
    }

    /** {@link #anyText()}, never empty. */
    public String nonEmptyText() {
        String text = anyText();
        return text.isEmpty() ? FRAGMENTS.get(random.nextInt(FRAGMENTS.size())) : text;
    }

    /** A string of {@code min} to {@code max} characters, each drawn from {@code chars}. */
    public String of(String chars, int min, int max) {
        int length = min + random.nextInt(max - min + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(chars.charAt(random.nextInt(chars.length())));
        }
        return text.toString();
    }

    /** One of the given values. */
    @SafeVarargs
    public final <T> T oneOf(T... values) {
        return values[random.nextInt(values.length)];
    }

    /** A whole number from 0 (inclusive) to {@code bound} (exclusive). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Any Unicode code point except unpaired surrogates, which no Java string read from a YAML file can hold. */
    private int codePoint() {
        // half of them from the first 512, where the YAML-significant and control characters are
        int cp = random.nextBoolean() ? random.nextInt(0x200) : random.nextInt(0x110000);
        return cp >= 0xD800 && cp <= 0xDFFF ? cp - 0x800 : cp;
    }

    /** Java-escaped form of a value: line breaks, controls and non-ASCII as \\uXXXX, long values shortened. */
    public static String escape(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().limit(300).forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else if (cp >= 0x20 && cp < 0x7f) {
                out.appendCodePoint(cp);
            } else {
                for (char c : Character.toChars(cp)) {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
        });
        out.append('"');
        long length = value.codePoints().count();
        return length > 300 ? out + " (" + length + " code points, first 300 shown)" : out.toString();
    }
}
