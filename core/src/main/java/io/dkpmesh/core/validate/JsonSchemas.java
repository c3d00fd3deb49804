package io.dkpmesh.core.validate;

import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.regex.RegularExpression;
import java.util.regex.Pattern;

/** The one way the engine builds JSON Schema validators. */
public final class JsonSchemas {

    private JsonSchemas() {
    }

    /** A draft 2020-12 registry whose {@code pattern} keyword follows ECMA-262, as JSON Schema requires. */
    public static SchemaRegistry registry() {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .regularExpressionFactory(JsonSchemas::ecmaPattern)
                .build();
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemaRegistryConfig(config));
    }

    /**
     * Java's {@code $} also matches before a final line break, so {@code ^[a-z]+$} would admit
     * {@code "abc\n"} and a hostile newline would pass every pattern. ECMA-262's {@code $} (no
     * multiline flag) is the end of input, which is Java's {@code \z}.
     */
    static RegularExpression ecmaPattern(String regex) {
        Pattern pattern = Pattern.compile(endAnchorsAsEndOfInput(regex));
        return value -> pattern.matcher(value).find();
    }

    static String endAnchorsAsEndOfInput(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 8);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(++i));
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
