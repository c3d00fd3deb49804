package io.dkpmesh.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.testing.SecretSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The one detector of secret material: every form of issue 24 is recognised, in a sentence too,
 * and masked to a short prefix; certificates, public keys and ordinary long strings are not.
 */
class SecretsTest {

    @Test
    void everySecretFormIsRecognisedAloneAndInsideText() {
        SecretSamples.all().forEach((name, secret) -> {
            assertThat(Secrets.first(secret)).as(name).isPresent();
            assertThat(Secrets.first("region: " + secret + " (pasted by mistake)"))
                    .as(name + " inside a sentence")
                    .isPresent();
        });
    }

    @Test
    void publicMaterialThatLooksLikeASecretIsNotOne() {
        SecretSamples.publicLookAlikes()
                .forEach((name, value) ->
                        assertThat(Secrets.find(value)).as(name).isEmpty());
    }

    @Test
    void maskingShowsAtMostFourCharactersOfTheSecretAndItsLength() {
        SecretSamples.all().forEach((name, secret) -> {
            String masked = Secrets.mask("before " + secret + " after");
            assertThat(masked).as(name).startsWith("before ").endsWith(" after");
            assertThat(masked).as(name).contains(secret.substring(0, 4) + "…(masked ");
            assertThat(masked)
                    .as(name)
                    .contains(", " + secret.strip().length() + " chars)")
                    .doesNotContain(secret.strip().substring(0, 12));
            assertThat(Secrets.mask(masked)).as("masking %s twice", name).isEqualTo(masked);
        });
    }

    @Test
    void aQuotedValueIsMaskedBeforeItIsShortened() {
        // shortened first, a JWT or a folded key would lose the part that makes it recognisable
        SecretSamples.all()
                .forEach((name, secret) -> assertThat(Text.quote(secret))
                        .as(name)
                        .doesNotContain(secret.strip().substring(4, 12)));
    }

    @Test
    void aFindingMasksItsMessageAndPointer() {
        String token = SecretSamples.tokens().get("GitHub classic token");
        Finding finding = new Finding(
                "DKPM103",
                Severity.ERROR,
                "topology.yaml",
                9,
                15,
                "/spec/clusters/0/labels/" + token,
                "'" + token + "' does not match");
        assertThat(finding.format()).doesNotContain(token).contains("ghp_…(masked GitHub token, 40 chars)");
    }

    @Test
    void credentialFieldsAreKnownByNameAtAnySpelling() {
        for (String name : new String[] {
            "password",
            "dbPassword",
            "passwd",
            "secret",
            "clientSecret",
            "client_secret",
            "token",
            "bearer_token",
            "bearerToken",
            "id-token",
            "refresh-token",
            "accessToken",
            "apiKey",
            "api_key",
            "privateKey",
            "private-key",
            "client-key",
            "client-key-data",
            "tls.key",
            "secretAccessKey",
            "kubeconfig"
        }) {
            assertThat(Secrets.isCredentialField(name, "")).as(name).isTrue();
        }
        assertThat(Secrets.isCredentialField("key", "ca")).as("ca.key").isTrue();
        assertThat(Secrets.isCredentialField("key", "tls")).as("tls.key").isTrue();
        for (Map.Entry<String, String> legit : Map.of(
                        "key", "tolerations",
                        "secretName", "https",
                        "tokenTTL", "",
                        "trustDomain", "spec",
                        "ca", "metadata",
                        "cert", "ca")
                .entrySet()) {
            assertThat(Secrets.isCredentialField(legit.getKey(), legit.getValue()))
                    .as(legit.getKey() + " under " + legit.getValue())
                    .isFalse();
        }
    }

    /**
     * Secrets tries its pattern only where one of its alternatives can start; what it finds must be
     * what the pattern finds when tried at every character: texts made of secrets, look-alikes,
     * rendered YAML and every fragment that could start or end a match, glued without separators.
     */
    @Test
    void tryingThePatternOnlyWhereASecretCanStartFindsWhatTryingItEverywhereFinds() {
        List<String> pieces = new ArrayList<>(SecretSamples.all().values());
        pieces.addAll(SecretSamples.publicLookAlikes().values());
        pieces.addAll(List.of(
                "apiVersion: deckhouse.io/v1alpha1\nkind: IstioFederation\n",
                "  trustDomain: cluster.local\n",
                "-----BEGIN ",
                "-----BEGIN RSA PRIVATE KEY-----",
                "-----END RSA PRIVATE KEY-----",
                "eyJ",
                "eyJhbGciOiJIUzI1NiJ9",
                ".",
                "gh",
                "ghp_",
                "gl",
                "glpat-",
                "github_pat_",
                "AKIA",
                "ASIA",
                "ABCDEFGHIJKLMNOP",
                "abcdefghijklmnopqrstuvwxyz0123456789+/AB",
                "=",
                "\n  ",
                " ",
                "_",
                "-",
                "/"));
        Random random = new Random(20261207L);
        for (int round = 0; round < 3000; round++) {
            StringBuilder text = new StringBuilder();
            int count = 1 + random.nextInt(6);
            for (int i = 0; i < count; i++) {
                text.append(pieces.get(random.nextInt(pieces.size())));
            }
            String sample = text.toString();
            assertThat(Secrets.find(sample)).as(sample).isEqualTo(everywhere(sample));
            assertThat(Secrets.first(sample))
                    .as(sample)
                    .isEqualTo(everywhere(sample).stream().findFirst());
        }
    }

    /** The plain loop of {@code find()} over the whole pattern, trying it at every character. */
    private static List<Secrets.Match> everywhere(String text) {
        List<Secrets.Match> found = new ArrayList<>();
        Matcher m = Secrets.CANDIDATE.matcher(text);
        while (m.find()) {
            Secrets.kind(m).ifPresent(kind -> found.add(new Secrets.Match(kind, m.start(), m.end())));
        }
        return found;
    }
}
