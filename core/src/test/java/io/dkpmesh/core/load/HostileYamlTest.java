package io.dkpmesh.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed and hostile YAML ends in findings with a position, never an exception, quickly. */
class HostileYamlTest {

    static Stream<Arguments> hostile() {
        String bomb = """
                a: &a ["x","x","x","x","x","x","x","x","x"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                """;
        return Stream.of(
                Arguments.of("alias bomb", bomb.getBytes(StandardCharsets.UTF_8), "DKPM003"),
                Arguments.of("deep nesting", "a: ".concat("[".repeat(2000)).getBytes(StandardCharsets.UTF_8), "DKPM00"),
                Arguments.of(
                        "huge file",
                        ("a: " + "x".repeat(YamlLoader.MAX_BYTES)).getBytes(StandardCharsets.UTF_8),
                        "DKPM003"),
                Arguments.of("binary garbage", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80}, "DKPM006"),
                Arguments.of("NUL bytes", "a: b\0c".getBytes(StandardCharsets.UTF_8), "DKPM006"),
                Arguments.of("empty file", new byte[0], "DKPM005"),
                Arguments.of("only a comment", "# nothing\n".getBytes(StandardCharsets.UTF_8), "DKPM005"),
                Arguments.of("a list, not a mapping", "- a\n- b\n".getBytes(StandardCharsets.UTF_8), "DKPM005"),
                Arguments.of("a scalar document", "hello\n".getBytes(StandardCharsets.UTF_8), "DKPM005"),
                Arguments.of("two documents", "a: 1\n---\nb: 2\n".getBytes(StandardCharsets.UTF_8), "DKPM005"),
                Arguments.of(
                        "python tag", "a: !!python/object:os.system ls\n".getBytes(StandardCharsets.UTF_8), "DKPM004"),
                Arguments.of("custom tag", "a: !secret x\n".getBytes(StandardCharsets.UTF_8), "DKPM004"),
                Arguments.of("binary tag", "a: !!binary aGVsbG8=\n".getBytes(StandardCharsets.UTF_8), "DKPM004"),
                Arguments.of("duplicate key", "a: 1\na: 2\n".getBytes(StandardCharsets.UTF_8), "DKPM002"),
                Arguments.of("collection key", "? [a, b]\n: c\n".getBytes(StandardCharsets.UTF_8), "DKPM001"),
                Arguments.of("unclosed quote", "a: \"open\nb: c\n".getBytes(StandardCharsets.UTF_8), "DKPM001"),
                Arguments.of("tab indentation", "a:\n\tb: c\n".getBytes(StandardCharsets.UTF_8), "DKPM001"),
                Arguments.of("infinite number", "a: .inf\n".getBytes(StandardCharsets.UTF_8), "DKPM001"),
                Arguments.of("recursive alias", "a: &a [*a]\n".getBytes(StandardCharsets.UTF_8), "DKPM00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void endsInAFindingNotAnException(String name, byte[] bytes, String codePrefix) {
        long start = System.nanoTime();
        LoadedDocument document = YamlLoader.load("topology.yaml", bytes);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(document.findings()).as(name).isNotEmpty().allSatisfy(f -> {
            assertThat(f.file()).isEqualTo("topology.yaml");
            assertThat(f.line()).isPositive();
        });
        assertThat(document.findings())
                .extracting(Finding::code)
                .anySatisfy(code -> assertThat(code).startsWith(codePrefix));
        assertThat(took).as("engine time for %s", name).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void positionsPointAtKeysAndValues() {
        LoadedDocument document = YamlLoader.load(
                "t.yaml",
                "spec:\n  clusters:\n    - name: msk\n      podSubnetCIDR: 10.0.0.0/16\n"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(document.findings()).isEmpty();
        assertThat(document.positions().valueAt("/spec/clusters/0/podSubnetCIDR"))
                .isEqualTo(new Position(4, 22));
        assertThat(document.positions().keyAt("/spec/clusters/0/podSubnetCIDR")).isEqualTo(new Position(4, 7));
        assertThat(document.positions().valueAt("/spec/clusters/0/missing")).isEqualTo(new Position(3, 7));
    }

    @Test
    void yaml12CoreTypes() {
        LoadedDocument document = YamlLoader.load(
                "t.yaml", "a: on\nb: 0x1F\nc: true\nd: ~\ne: '1'\nf: 1.5\n".getBytes(StandardCharsets.UTF_8));
        var root = document.root().orElseThrow();
        assertThat(root.path("a").isString()).as("'on' is a string in YAML 1.2").isTrue();
        assertThat(root.path("b").asInt()).isEqualTo(31);
        assertThat(root.path("c").isBoolean()).isTrue();
        assertThat(root.path("d").isNull()).isTrue();
        assertThat(root.path("e").isString()).isTrue();
        assertThat(root.path("f").isNumber()).isTrue();
    }
}
