package io.dkpmesh.core.load;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Jackson's streaming parser, for the engine's own small state files read before anything else:
 * a run that finds nothing changed reads them and stops, and building a {@link Json#MAPPER} would
 * load some 400 classes of jackson-databind that such a run never otherwise needs.
 */
public final class JsonTokens {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTokens() {}

    /** A parser over the bytes, already on its first token. */
    public static JsonParser parser(byte[] bytes) {
        JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), bytes);
        parser.nextToken();
        return parser;
    }

    /**
     * The current value as text, as {@code JsonNode.asString("")} gives it: a string, a number or
     * a boolean as written, anything else (skipped) as {@code ""}.
     */
    public static String text(JsonParser parser) {
        JsonToken token = parser.currentToken();
        if (token != null && token.isScalarValue() && token != JsonToken.VALUE_NULL) {
            return parser.getString();
        }
        parser.skipChildren();
        return "";
    }

    /** The current value as an int, 0 unless it is an integral number. */
    public static int integer(JsonParser parser) {
        if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return parser.getIntValue();
        }
        parser.skipChildren();
        return 0;
    }

    /** Whether the document ends after the value just read (a root value followed by more is damaged). */
    public static boolean atEnd(JsonParser parser) throws JacksonException {
        return parser.nextToken() == null;
    }
}
