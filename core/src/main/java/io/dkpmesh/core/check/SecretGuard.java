package io.dkpmesh.core.check;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Secrets;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.JsonPointer;
import io.dkpmesh.core.load.Position;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The output is committed to Git and read by everyone: no private key, token or kubeconfig may
 * ever appear in it. DKP exchanges all such material itself; what we render is public.
 *
 * <p>Every file is read twice: a YAML document as parsed (values with their escapes resolved, and
 * credential field names at any depth), and every file as text (comments, and Markdown pages,
 * whose character references are resolved first). What {@link Secrets} recognises is refused.
 */
final class SecretGuard {

    private static final Set<String> SECRET_KINDS = Set.of("Secret", "Config");
    private static final Pattern CHARACTER_REFERENCE = Pattern.compile("&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));");

    private SecretGuard() {}

    /** A parsed YAML document. */
    static void check(JsonNode root, String file, String origin, Findings out) {
        String kind = root.path("kind").asString("");
        if (SECRET_KINDS.contains(kind) && (kind.equals("Secret") || root.has("users") || root.has("clusters"))) {
            out.inFile(
                    FindingCode.SECRET,
                    file,
                    1,
                    "/kind",
                    origin + " produced a " + kind
                            + "; dkp-mesh never renders secrets or kubeconfigs (DKP exchanges credentials itself)");
            return;
        }
        walk(root, "", "", file, origin, out);
    }

    /**
     * The text of any file, YAML or Markdown, for what the parse does not show (comments) or
     * what is no YAML at all. Lines already refused by {@link #check} are not reported again.
     */
    static void checkText(String text, String file, String origin, Findings out) {
        String readable = file.endsWith(".md") ? resolveReferences(text) : text;
        Set<Integer> reported = out.sorted().stream()
                .filter(f ->
                        f.code().equals(FindingCode.SECRET.code()) && f.file().equals(file))
                .map(Finding::line)
                .collect(Collectors.toSet());
        int line = 1;
        int counted = 0;
        for (Secrets.Match match : Secrets.find(readable)) {
            for (; counted < match.start(); counted++) {
                line += readable.charAt(counted) == '\n' ? 1 : 0;
            }
            if (reported.add(line)) {
                out.inFile(
                        FindingCode.SECRET,
                        file,
                        line,
                        "",
                        origin + " wrote " + match.kind().words() + " ("
                                + Text.quote(readable.substring(match.start(), match.end()))
                                + ") into the file; secrets must never be committed");
            }
        }
    }

    private static void walk(JsonNode node, String pointer, String name, String file, String origin, Findings out) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                String child = JsonPointer.child(pointer, entry.getKey());
                JsonNode value = entry.getValue();
                if (Secrets.isCredentialField(entry.getKey(), name)
                        && value.isString()
                        && !value.asString().isEmpty()) {
                    found(out, file, child, origin + " put a value under " + entry.getKey() + ", a credential field");
                } else {
                    walk(value, child, entry.getKey(), file, origin, out);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), JsonPointer.child(pointer, i), name, file, origin, out);
            }
        } else if (node.isString()) {
            Secrets.first(node.asString())
                    .ifPresent(match -> found(
                            out,
                            file,
                            pointer,
                            origin + " produced " + match.kind().words() + " ("
                                    + Text.quote(node.asString().substring(match.start(), match.end())) + ")"));
        }
    }

    private static void found(Findings out, String file, String pointer, String message) {
        Position at = out.positions().valueAt(pointer);
        out.inFile(FindingCode.SECRET, file, at.line(), pointer, message + "; secrets must never be committed");
    }

    /** {@code &#95;} as {@code _}: how {@code md(...)} writes what Markdown would read as syntax. */
    private static String resolveReferences(String text) {
        if (!text.contains("&#")) {
            return text;
        }
        return CHARACTER_REFERENCE.matcher(text).replaceAll(m -> {
            int cp = m.group(1) != null ? Integer.parseInt(m.group(1)) : Integer.parseInt(m.group(2), 16);
            return Character.isValidCodePoint(cp)
                    ? Matcher.quoteReplacement(Character.toString(cp))
                    : Matcher.quoteReplacement(m.group());
        });
    }
}
