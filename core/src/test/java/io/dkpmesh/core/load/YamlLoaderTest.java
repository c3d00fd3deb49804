package io.dkpmesh.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** YAML to a JSON tree with positions, or findings at the line to edit, in words a person acts on. */
class YamlLoaderTest {

    private static LoadedDocument load(String text) {
        return YamlLoader.load("t.yaml", text.getBytes(StandardCharsets.UTF_8));
    }

    private static Finding only(LoadedDocument document) {
        assertThat(document.root()).isEmpty();
        assertThat(document.findings()).hasSize(1);
        return document.findings().get(0);
    }

    @Test
    void anEmptyFileIsNoDocument() {
        Finding f = only(load(""));
        assertThat(f.code()).isEqualTo("DKPM005");
        assertThat(f.message()).contains("empty");
    }

    @Test
    void aSecondDocumentIsRefusedWhereItStarts() {
        LoadedDocument document = load("a: 1\n---\nb: 2\n");
        assertThat(document.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DKPM005");
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.message()).contains("more than one YAML document");
        });
    }

    @Test
    void aDocumentThatIsNoMappingIsRefused() {
        assertThat(only(load("- a\n- b\n")).message()).contains("not a mapping");
        assertThat(only(load("just text\n")).code()).isEqualTo("DKPM005");
    }

    @Test
    void aDuplicateKeyNamesTheFirstLineAndPointsAtTheSecond() {
        LoadedDocument document = load("spec:\n  name: a\n  other: b\n  name: c\n");
        assertThat(document.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DKPM002");
            assertThat(f.line()).isEqualTo(4);
            assertThat(f.column()).isEqualTo(3);
            assertThat(f.pointer()).isEqualTo("/spec/name");
            assertThat(f.message()).contains("first at line 2");
        });
        assertThat(document.root().orElseThrow().path("spec").path("name").asString())
                .as("the first one is kept")
                .isEqualTo("a");
    }

    @Test
    void aTagIsRefusedAtItsValue() {
        LoadedDocument document = load("a: !!binary aGVsbG8=\n");
        assertThat(document.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DKPM004");
            assertThat(f.pointer()).isEqualTo("/a");
        });
    }

    @Test
    void aTabIsExplainedAsATab() {
        Finding f = only(load("spec:\n\tname: a\n"));
        assertThat(f.code()).isEqualTo("DKPM001");
        assertThat(f.line()).isEqualTo(2);
        assertThat(f.message()).contains("tab character");
    }

    @Test
    void anUnclosedQuotePointsWhereItOpened() {
        Finding f = only(load("a: 1\nb: \"open\nc: 2\n"));
        assertThat(f.code()).isEqualTo("DKPM001");
        assertThat(f.line()).isEqualTo(2);
        assertThat(f.message()).contains("quote opened here is never closed");
    }

    @Test
    void anUnclosedFlowListIsExplained() {
        Finding f = only(load("clusters: [a, b\nx: 1\n"));
        assertThat(f.line()).isEqualTo(1);
        assertThat(f.message()).contains("'['");
    }

    @Test
    void notUtf8AndNulAreEncodingFindings() {
        LoadedDocument latin1 = YamlLoader.load("t.yaml", new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
        assertThat(only(latin1).code()).isEqualTo("DKPM006");
        assertThat(only(load("a: b\0c\n")).message()).contains("NUL");
    }

    @Test
    void aTopologyStringLongerThanTheLimitIsRefusedButAnyOtherFileMayHoldIt() {
        String longValue = "x".repeat(YamlLoader.MAX_STRING + 1);
        byte[] bytes = ("a: " + longValue + "\n").getBytes(StandardCharsets.UTF_8);
        Finding f = only(YamlLoader.loadTopology("t.yaml", bytes));
        assertThat(f.code()).isEqualTo("DKPM003");
        assertThat(f.message()).contains(String.valueOf(YamlLoader.MAX_STRING + 1));
        assertThat(YamlLoader.load("t.yaml", bytes).findings()).isEmpty();
        byte[] atLimit = ("a: " + "x".repeat(YamlLoader.MAX_STRING) + "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(YamlLoader.loadTopology("t.yaml", atLimit).findings()).isEmpty();
    }

    @Test
    void aCollectionKeyIsRefusedWithItsPosition() {
        LoadedDocument document = load("a: 1\n? [x, y]\n: 2\n");
        assertThat(document.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DKPM001");
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.message()).contains("plain string");
        });
    }

    @Test
    void numbersThatAreNotFiniteAreRefused() {
        assertThat(load("a: .inf\n").findings())
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("not a finite number"));
        assertThat(load("a: 12345678901234567890123\n")
                        .root()
                        .orElseThrow()
                        .path("a")
                        .bigIntegerValue())
                .hasToString("12345678901234567890123");
        assertThat(load("a: 0o17\n").root().orElseThrow().path("a").asInt()).isEqualTo(15);
    }
}
