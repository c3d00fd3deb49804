package io.dkpmesh.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** The streaming reader of the manifest: scalars as text, anything else skipped as "". */
class JsonTokensTest {

    private static JsonParser parser(String json) {
        return JsonTokens.parser(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theParserStandsOnTheFirstToken() {
        assertThat(parser("{\"a\":1}").currentToken()).isEqualTo(JsonToken.START_OBJECT);
    }

    @Test
    void scalarsReadAsWrittenAndEverythingElseAsEmpty() {
        JsonParser p = parser("[\"s\", 12, 1.5, true, null, {\"x\": [1, 2]}, [3], \"end\"]");
        p.nextToken();
        assertThat(JsonTokens.text(p)).isEqualTo("s");
        p.nextToken();
        assertThat(JsonTokens.text(p)).isEqualTo("12");
        p.nextToken();
        assertThat(JsonTokens.text(p)).isEqualTo("1.5");
        p.nextToken();
        assertThat(JsonTokens.text(p)).isEqualTo("true");
        p.nextToken();
        assertThat(JsonTokens.text(p)).isEmpty();
        p.nextToken();
        assertThat(JsonTokens.text(p)).as("an object is skipped whole").isEmpty();
        p.nextToken();
        assertThat(JsonTokens.text(p)).isEmpty();
        p.nextToken();
        assertThat(JsonTokens.text(p)).as("the parser is past what it skipped").isEqualTo("end");
    }

    @Test
    void aRootValueFollowedByMoreIsNotAtTheEnd() {
        JsonParser one = parser("{\"a\":1}");
        one.skipChildren();
        assertThat(JsonTokens.atEnd(one)).isTrue();
        JsonParser two = parser("{\"a\":1} {}");
        two.skipChildren();
        assertThat(JsonTokens.atEnd(two)).isFalse();
    }
}
