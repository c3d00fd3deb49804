package io.dkpmesh.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.testing.Topologies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metadataCA must be a public PEM certificate inside the repository; anything else is a finding. */
class MetadataCATest {

    @TempDir
    Path repo;

    private Validation validate(String caPath) {
        String yaml = Topologies.FEDERATION.replace(
                "      publicDomain: k8s-msk.example.com\n",
                "      publicDomain: k8s-msk.example.com\n      metadataCA: " + caPath + "\n");
        return new TopologyValidator(Providers.validationRules(Providers.BUILT_IN))
                .validate("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8), repo, repo);
    }

    private List<String> messages(Validation validation) {
        return validation.findings().stream().map(Finding::format).toList();
    }

    @Test
    void readsACertificateAndNormalizesIt() throws Exception {
        Path example = Path.of("..", "examples", "istio-federation", "certs", "msk-ingress-ca.pem");
        Files.createDirectories(repo.resolve("certs"));
        Files.writeString(
                repo.resolve("certs/ca.pem"), Files.readString(example).replace("\n", "\r\n"));
        Validation validation = validate("certs/ca.pem");
        assertThat(validation.findings()).isEmpty();
        assertThat(validation.metadataCAs().get("msk"))
                .startsWith("-----BEGIN CERTIFICATE-----\n")
                .doesNotContain("\r");
    }

    @Test
    void missingFile() {
        assertThat(messages(validate("certs/none.pem")))
                .singleElement()
                .asString()
                .startsWith(
                        "topology.yaml:12:19: error DKPM206 /spec/clusters/0/metadataCA: CA certificate file 'certs/none.pem' does not exist");
    }

    @Test
    void outsideTheRepository() {
        assertThat(messages(validate("../../etc/ssl/certs/ca.pem")))
                .singleElement()
                .asString()
                .contains("DKPM206")
                .contains("outside the repository");
        assertThat(messages(validate("/etc/hostname")))
                .singleElement()
                .asString()
                .contains("DKPM206")
                .contains("outside the repository");
    }

    @Test
    void aLinkLeadingOutside(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("ca.pem"), "x");
        Files.createSymbolicLink(repo.resolve("ca.pem"), outside.resolve("ca.pem"));
        assertThat(messages(validate("ca.pem")))
                .singleElement()
                .asString()
                .contains("DKPM206")
                .contains("outside the repository");
    }

    @Test
    void aPrivateKeyIsRefusedAndNeverEchoed() throws Exception {
        Files.writeString(
                repo.resolve("key.pem"),
                "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n");
        List<String> messages = messages(validate("key.pem"));
        assertThat(messages)
                .singleElement()
                .asString()
                .contains("DKPM206")
                .contains("private key")
                .doesNotContain("MIIEvQ");
    }

    @Test
    void notACertificate() throws Exception {
        Files.writeString(repo.resolve("junk.pem"), "hello");
        Files.writeString(repo.resolve("fake.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThat(messages(validate("junk.pem"))).singleElement().asString().contains("holds no PEM certificate");
        assertThat(messages(validate("fake.pem"))).singleElement().asString().contains("not a valid X.509 certificate");
    }
}
