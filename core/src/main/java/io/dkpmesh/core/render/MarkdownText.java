package io.dkpmesh.core.render;

import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import java.util.List;

/**
 * {@code md(value)} in Markdown templates: a string as literal text of one table cell or heading.
 * Characters Markdown or HTML would read as syntax become HTML character references (which
 * GitHub shows as the character itself), and line breaks become spaces, so a value can neither
 * end its cell or line nor start a link, an emphasis, an HTML tag or a code fence.
 */
public final class MarkdownText implements TemplateMethodModelEx {

    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                out.append(' ');
            } else if (cp < 128 && !Character.isLetterOrDigit(cp) && "\\`*_{}[]()<>#+!|&~\"'".indexOf(cp) >= 0) {
                out.append("&#").append(cp).append(';');
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    @Override
    public Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
        if (arguments.size() != 1 || !(arguments.get(0) instanceof TemplateScalarModel scalar)) {
            throw new TemplateModelException("md(...) takes exactly one string");
        }
        return escape(scalar.getAsString());
    }
}
