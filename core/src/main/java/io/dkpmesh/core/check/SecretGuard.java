package io.dkpmesh.core.check;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.JsonPointer;
import io.dkpmesh.core.load.Position;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The output is committed to Git and read by everyone: no private key, token or kubeconfig may
 * ever appear in it. DKP exchanges all such material itself; what we render is public.
 */
final class SecretGuard {

    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----");
    private static final Pattern WHITESPACE = Pattern.compile("\\s");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final Set<String> SECRET_KEYS = Set.of(
            "token",
            "password",
            "client-key-data",
            "client-key",
            "tls.key",
            "privatekey",
            "private-key",
            "bearertoken",
            "id-token",
            "refresh-token",
            "secret");
    private static final Set<String> SECRET_KINDS = Set.of("Secret", "Config");

    private SecretGuard() {}

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
        walk(root, "", file, origin, out);
    }

    private static void walk(JsonNode node, String pointer, String file, String origin, Findings out) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                String child = JsonPointer.child(pointer, entry.getKey());
                if (SECRET_KEYS.contains(entry.getKey().toLowerCase(Locale.ROOT))
                        && entry.getValue().isString()
                        && !entry.getValue().asString().isEmpty()) {
                    found(out, file, child, origin + " put a value under " + entry.getKey() + ", a credential field");
                }
                walk(entry.getValue(), child, file, origin, out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), JsonPointer.child(pointer, i), file, origin, out);
            }
        } else if (node.isString()
                && (PRIVATE_KEY.matcher(node.asString()).find() || base64PrivateKey(node.asString()))) {
            found(out, file, pointer, origin + " produced private key material");
        }
    }

    /** Kubernetes carries keys base64-encoded ({@code tls.key}, {@code client-key-data}): decode what looks like base64. */
    private static boolean base64PrivateKey(String value) {
        if (value.length() < 40) {
            return false;
        }
        String compact = WHITESPACE.matcher(value).replaceAll("");
        if (compact.length() < 40 || !BASE64.matcher(compact).matches()) {
            return false;
        }
        try {
            return PRIVATE_KEY
                    .matcher(new String(Base64.getDecoder().decode(compact), StandardCharsets.ISO_8859_1))
                    .find();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void found(Findings out, String file, String pointer, String message) {
        Position at = out.positions().valueAt(pointer);
        out.inFile(FindingCode.SECRET, file, at.line(), pointer, message + "; secrets must never be committed");
    }
}
