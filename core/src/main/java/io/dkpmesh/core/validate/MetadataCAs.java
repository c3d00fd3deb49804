package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Topology;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads each cluster's {@code metadataCA}: a public CA certificate in PEM, inside the repository.
 * Anything else (missing, outside, a private key, not a certificate) is a finding, never an
 * exception, and never reaches the output.
 */
final class MetadataCAs {

    static final int MAX_BYTES = 64 * 1024;
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN CERTIFICATE-----\\s*([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

    private MetadataCAs() {}

    /**
     * @param baseDir  folder of topology.yaml: paths are relative to it
     * @param repoRoot the folder no path may leave
     * @return normalized PEM text by cluster name, for those that set a readable CA
     */
    static Map<String, String> read(Topology topology, Path baseDir, Path repoRoot, Findings findings) {
        Map<String, String> out = new TreeMap<>();
        for (Cluster cluster : topology.clusters()) {
            cluster.metadataCA()
                    .flatMap(ca -> read(cluster, ca, baseDir, repoRoot, findings))
                    .ifPresent(pem -> out.put(cluster.name(), pem));
        }
        return out;
    }

    private static Optional<String> read(Cluster cluster, String ca, Path baseDir, Path repoRoot, Findings findings) {
        String pointer = cluster.pointer() + "/metadataCA";
        Path root;
        Path file;
        try {
            root = repoRoot.toRealPath();
            Path candidate = baseDir.resolve(ca).normalize();
            if (!candidate.toAbsolutePath().startsWith(root) || Path.of(ca).isAbsolute()) {
                return fail(
                        findings,
                        pointer,
                        Text.quote(ca) + " is outside the repository " + root.getFileName()
                                + "; keep the CA certificate next to topology.yaml and give a relative path");
            }
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return fail(
                        findings,
                        pointer,
                        "CA certificate file " + Text.quote(ca) + " does not exist (relative to topology.yaml)");
            }
            file = candidate.toRealPath();
            if (!file.startsWith(root)) {
                return fail(findings, pointer, Text.quote(ca) + " is a link that leads outside the repository");
            }
            if (!Files.isRegularFile(file)) {
                return fail(findings, pointer, Text.quote(ca) + " is not a regular file");
            }
            if (Files.size(file) > MAX_BYTES) {
                return fail(
                        findings,
                        pointer,
                        Text.quote(ca) + " is larger than " + MAX_BYTES + " bytes; a CA certificate is a few KiB");
            }
            return parse(ca, new String(Files.readAllBytes(file), StandardCharsets.UTF_8), pointer, findings);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return fail(
                    findings,
                    pointer,
                    "cannot read CA certificate " + Text.quote(ca) + ": "
                            + e.getClass().getSimpleName());
        }
    }

    private static Optional<String> parse(String ca, String text, String pointer, Findings findings) {
        if (text.contains("PRIVATE KEY")) {
            return fail(
                    findings,
                    pointer,
                    Text.quote(ca) + " contains a private key; metadataCA takes only the public CA certificate,"
                            + " and a private key must never be committed");
        }
        List<String> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            String base64 = matcher.group(1).replaceAll("\\s", "");
            blocks.add(base64);
        }
        if (blocks.isEmpty()) {
            return fail(findings, pointer, Text.quote(ca) + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        StringBuilder pem = new StringBuilder();
        for (String base64 : blocks) {
            StringBuilder block = new StringBuilder("-----BEGIN CERTIFICATE-----\n");
            for (int i = 0; i < base64.length(); i += 64) {
                block.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
            }
            block.append("-----END CERTIFICATE-----\n");
            try {
                CertificateFactory.getInstance("X.509")
                        .generateCertificate(
                                new ByteArrayInputStream(block.toString().getBytes(StandardCharsets.US_ASCII)));
            } catch (CertificateException | IllegalArgumentException e) {
                return fail(findings, pointer, Text.quote(ca) + " is not a valid X.509 certificate");
            }
            pem.append(block);
        }
        return Optional.of(pem.toString());
    }

    private static Optional<String> fail(Findings findings, String pointer, String message) {
        findings.error(FindingCode.METADATA_CA, pointer, message);
        return Optional.empty();
    }
}
