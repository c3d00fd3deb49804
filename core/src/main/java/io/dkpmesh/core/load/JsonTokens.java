package io.dkpmesh.core.load;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Jackson's streaming parser, for the manifest ({@code .dkp-mesh/manifest.json}), which every full
 * render, {@code check} and {@code diff} read before anything else needs jackson-databind: one
 * entry per owned file, read as tokens rather than built into a tree.
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

    /** Whether the document ends after the value just read (a root value followed by more is damaged). */
    public static boolean atEnd(JsonParser parser) throws JacksonException {
        return parser.nextToken() == null;
    }
}
