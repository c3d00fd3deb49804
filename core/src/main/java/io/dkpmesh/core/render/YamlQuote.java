package io.dkpmesh.core.render;

import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import java.util.List;

/**
 * {@code q(value)} in templates: the one way a string reaches the output. It always writes a YAML
 * double-quoted scalar, escaping everything that could end it, start a new key or document, or
 * be read as a tag, alias, flow collection or template syntax, so every string from the topology
 * arrives as data.
 */
public final class YamlQuote implements TemplateMethodModelEx {

    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (cp < 0x20
                            || (cp >= 0x7F && cp <= 0x9F)
                            || cp == 0x2028
                            || cp == 0x2029
                            || cp == 0xFEFF
                            || (cp >= 0xD800 && cp <= 0xDFFF)
                            || cp == 0xFFFE
                            || cp == 0xFFFF) {
                        out.append(String.format("\\u%04X", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    @Override
    public Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
        if (arguments.size() != 1 || !(arguments.get(0) instanceof TemplateScalarModel scalar)) {
            throw new TemplateModelException("q(...) takes exactly one string");
        }
        return quote(scalar.getAsString());
    }
}
