package io.dkpmesh.core.validate;

import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.regex.RegularExpression;
import io.dkpmesh.core.load.JsonPointer;
import java.util.regex.Pattern;

/** The one way the engine builds JSON Schema validators. */
public final class JsonSchemas {

    private JsonSchemas() {}

    /** A draft 2020-12 registry whose {@code pattern} keyword follows ECMA-262, as JSON Schema requires. */
    public static SchemaRegistry registry() {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .regularExpressionFactory(JsonSchemas::ecmaPattern)
                .build();
        return SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, b -> b.schemaRegistryConfig(config));
    }

    /**
     * Java's {@code $} also matches before a final line break, so {@code ^[a-z]+$} would admit
     * {@code "abc\n"} and a hostile newline would pass every pattern. ECMA-262's {@code $} (no
     * multiline flag) is the end of input, which is Java's {@code \z}; its {@code \s} is Unicode
     * whitespace.
     */
    static RegularExpression ecmaPattern(String regex) {
        Pattern pattern = Pattern.compile(ecmaToJava(regex));
        return value -> pattern.matcher(value).find();
    }

    /** The RFC 6901 pointer of a validator's instance location. */
    public static String pointer(NodePath path) {
        String pointer = "";
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            pointer = element instanceof Integer index
                    ? JsonPointer.child(pointer, index)
                    : JsonPointer.child(pointer, String.valueOf(element));
        }
        return pointer;
    }

    /**
     * ECMA-262's WhiteSpace and LineTerminator, which its {@code \s} matches. Java's {@code \s} is
     * ASCII only, so without this {@code ^\S+$} would admit U+2028 LINE SEPARATOR, NBSP or a BOM,
     * which every other validator of the schema refuses. ({@code \S} inside a class stays Java's.)
     */
    private static final String ECMA_WHITESPACE =
            "\\t\\n\\x0B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";

    static String ecmaToJava(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 8);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char escaped = regex.charAt(++i);
                if (escaped == 's') {
                    out.append(inClass ? ECMA_WHITESPACE : "[" + ECMA_WHITESPACE + "]");
                } else if (escaped == 'S' && !inClass) {
                    out.append("[^").append(ECMA_WHITESPACE).append(']');
                } else {
                    out.append(c).append(escaped);
                }
            } else if (c == '[') {
                inClass = true;
                out.append(c);
            } else if (c == ']') {
                inClass = false;
                out.append(c);
            } else if (c == '$' && !inClass) {
                out.append("\\z");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
