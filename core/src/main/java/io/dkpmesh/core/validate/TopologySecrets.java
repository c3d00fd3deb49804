package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Secrets;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.load.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * A secret in the topology is a leak already: topology.yaml is committed, its strings reach the
 * rendered tree and the reports, and dkp-mesh delivers no credentials (DKP exchanges them itself).
 * Every string, key or value, at any depth, is read with {@link Secrets}; a value under a credential
 * field name ({@code clientSecret}, {@code bearer_token}, {@code key} of a {@code ca}) is refused
 * whatever it looks like.
 */
final class TopologySecrets {

    private static final String WHY =
            "; topology.yaml is committed and dkp-mesh delivers no credentials (DKP exchanges them"
                    + " itself): remove it, and revoke it if it was ever pushed";

    private TopologySecrets() {}

    static void check(JsonNode root, Findings findings) {
        walk(root, "", "", findings);
    }

    private static void walk(JsonNode node, String pointer, String name, Findings findings) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                String child = JsonPointer.child(pointer, entry.getKey());
                JsonNode value = entry.getValue();
                if (Secrets.first(entry.getKey()).isPresent()) {
                    secret(entry.getKey(), child, true, findings);
                } else if (Secrets.isCredentialField(entry.getKey(), name)
                        && value.isString()
                        && !value.asString().isEmpty()) {
                    findings.error(
                            FindingCode.TOPOLOGY_SECRET,
                            child,
                            Text.quote(entry.getKey()) + " names a credential, and its value is one" + WHY);
                } else {
                    walk(value, child, entry.getKey(), findings);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), JsonPointer.child(pointer, i), name, findings);
            }
        } else if (node.isString()) {
            secret(node.asString(), pointer, false, findings);
        }
    }

    private static void secret(String text, String pointer, boolean key, Findings findings) {
        Secrets.first(text).ifPresent(match -> {
            String message = (key ? "this key holds " : "this value holds ")
                    + match.kind().words() + " (" + Text.quote(text.substring(match.start(), match.end())) + ")" + WHY;
            if (key) {
                findings.errorAtKey(FindingCode.TOPOLOGY_SECRET, pointer, message);
            } else {
                findings.error(FindingCode.TOPOLOGY_SECRET, pointer, message);
            }
        });
    }
}
