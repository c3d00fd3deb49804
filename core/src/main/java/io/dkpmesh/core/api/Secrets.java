package io.dkpmesh.core.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.EncryptedPrivateKeyInfo;

/**
 * Secret material in text: what the rendered tree must never hold and findings must never echo.
 * The topology, the output tree and the reports are committed or published; DKP exchanges every
 * credential itself, so anything recognised here is a leak.
 *
 * <p>Recognised in any string: PEM private keys, header-less base64 of a private key's DER
 * (PKCS#1, PKCS#8 plain or encrypted, SEC1) or of a PEM private key, JSON Web Tokens, GitHub and
 * GitLab tokens and AWS access key IDs. Certificates and public keys are public and are not matched.
 * Values under credential field names ({@link #isCredentialField}) are secret whatever they look like.
 */
public final class Secrets {

    /** Characters of a secret that a masked value still shows: enough to recognise it, not to use it. */
    static final int SHOWN = 4;

    /** The shortest base64 run examined: 30 bytes, shorter than any private key's DER. */
    private static final int MIN_BASE64 = 40;

    /** How much of a base64 run is decoded to look at its start: a DER header or a PEM header line. */
    private static final int BASE64_PREFIX = 88;

    static final Pattern CANDIDATE = Pattern.compile(
            // a PEM private key (RSA, EC, OPENSSH, ENCRYPTED, PGP ... BLOCK) with its headers and body
            // (also when its line breaks are escaped), up to its END line
            "(?<pem>-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=\\s:,\\\\]++|-(?!----END))*+(?:-----END [A-Z0-9 ]{0,40}-----)?)"
                    // header.payload.signature, each base64url; header and payload are JSON objects ({" is eyJ)
                    + "|(?<jwt>(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{2,}+\\.eyJ[A-Za-z0-9_-]*+(?:\\.[A-Za-z0-9_-]*+)?)"
                    + "|(?<github>(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}))"
                    + "|(?<gitlab>(?<![A-Za-z0-9_-])gl(?:pat|dt|rt|ptt|cbt|oas|soat|ffct|imt|agent)-[A-Za-z0-9_-]{20,})"
                    + "|(?<aws>(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9]))"
                    // a base64 run, continued over line breaks (a key's body folded at 64 or 76 columns)
                    + "|(?<base64>(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{" + MIN_BASE64
                    + ",}+(?:\\r?\\n[ \\t]*+[A-Za-z0-9+/]{4,}+)*+={0,2})");

    private static final Pattern PEM_PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** Field names (normalised, {@link #normalise}) that hold a credential, matched as suffixes: clientSecret, bearer_token. */
    private static final List<String> CREDENTIAL_SUFFIXES = List.of(
            "password",
            "passwd",
            "passphrase",
            "secret",
            "token",
            "apikey",
            "privatekey",
            "clientkey",
            "clientkeydata",
            "tlskey",
            "secretkey",
            "secretaccesskey",
            "credential",
            "credentials",
            "kubeconfig");

    /** Maps whose {@code key} is a private key: istio's {@code ca: {cert, key}}, a TLS pair. */
    private static final Set<String> KEY_HOLDERS = Set.of("ca", "tls", "ssl", "cert", "certificate");

    /** What kind of secret was found, in words for a finding. */
    public enum Kind {
        PRIVATE_KEY("private key material", "private key"),
        JWT("a JSON Web Token", "JWT"),
        GITHUB_TOKEN("a GitHub token", "GitHub token"),
        GITLAB_TOKEN("a GitLab token", "GitLab token"),
        AWS_ACCESS_KEY("an AWS access key ID", "AWS access key ID");

        private final String words;
        private final String label;

        Kind(String words, String label) {
            this.words = words;
            this.label = label;
        }

        /** {@code a GitHub token}, to follow "produced". */
        public String words() {
            return words;
        }
    }

    /**
     * One secret inside a text.
     *
     * @param start index of its first character
     * @param end   index after its last character
     */
    public record Match(Kind kind, int start, int end) {

        /** The secret as a finding may show it: {@code ghp_…(masked GitHub token, 40 chars)}. */
        public String masked(String text) {
            return text.substring(start, Math.min(end, start + SHOWN)) + "…(masked " + kind.label + ", " + (end - start)
                    + " chars)";
        }
    }

    private Secrets() {}

    /** Every secret in {@code text}, in order. */
    public static List<Match> find(String text) {
        List<Match> found = new ArrayList<>();
        scan(text, found, Integer.MAX_VALUE);
        return found;
    }

    /** The first secret in {@code text}, if any. */
    public static Optional<Match> first(String text) {
        List<Match> found = new ArrayList<>(1);
        scan(text, found, 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * What {@code CANDIDATE.matcher(text).find()} in a loop finds, without trying the pattern at every
     * character: it is tried only where one of its alternatives can start ({@link #mayStart}), which a
     * profile of a 10,000-file render showed to be a quarter of its time. A match found there is the
     * one {@code find()} would find, since {@code find()} fails at every other position.
     */
    private static void scan(String text, List<Match> found, int limit) {
        Matcher m = CANDIDATE.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int length = text.length();
        int at = 0;
        int runEnd = -1;
        while (at < length && found.size() < limit) {
            char c = text.charAt(at);
            boolean runStart = false;
            if (base64(c)) {
                if (at > runEnd) {
                    // the start of a run of base64 characters: only a run of MIN_BASE64 or more can match
                    runEnd = at;
                    while (runEnd < length && base64(text.charAt(runEnd))) {
                        runEnd++;
                    }
                    runStart = runEnd - at >= MIN_BASE64 && (at == 0 || !base64(text.charAt(at - 1)));
                }
            } else {
                runEnd = -1;
            }
            if ((runStart || mayStart(text, at, c)) && m.region(at, length).lookingAt()) {
                Optional<Kind> kind = kind(m);
                if (kind.isPresent()) {
                    found.add(new Match(kind.get(), m.start(), m.end()));
                }
                at = Math.max(m.end(), at + 1);
                runEnd = -1;
                continue;
            }
            at++;
        }
    }

    /** Whether a PEM key, a JWT, a GitHub or GitLab token or an AWS key ID can start at {@code at}. */
    private static boolean mayStart(String text, int at, char c) {
        return switch (c) {
            case '-' -> text.startsWith("-----BEGIN ", at);
            case 'e' -> text.startsWith("eyJ", at);
            case 'g' -> text.startsWith("gh", at) || text.startsWith("gl", at) || text.startsWith("github_pat_", at);
            case 'A' -> text.startsWith("AKIA", at) || text.startsWith("ASIA", at);
            default -> false;
        };
    }

    private static boolean base64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }

    /**
     * {@code text} with every secret in it replaced by its masked form ({@link Match#masked}): what a
     * finding, a report or a plan may show. Masking a masked text changes nothing.
     */
    public static String mask(String text) {
        List<Match> found = find(text);
        if (found.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Match match : found) {
            out.append(text, at, match.start()).append(match.masked(text));
            at = match.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /**
     * Whether a field of this name holds a credential whatever its value looks like:
     * {@code password}, {@code clientSecret}, {@code bearer_token}, {@code tls.key}, {@code privateKey},
     * and {@code key} inside {@code ca} or {@code tls}. Case, {@code -}, {@code _} and {@code .} do not count.
     *
     * @param parent the name of the map holding the field, or {@code ""}
     */
    public static boolean isCredentialField(String name, String parent) {
        String key = normalise(name);
        if (key.equals("key")) {
            return KEY_HOLDERS.contains(normalise(parent));
        }
        return CREDENTIAL_SUFFIXES.stream().anyMatch(key::endsWith);
    }

    private static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
    }

    static Optional<Kind> kind(Matcher m) {
        if (m.group("pem") != null) {
            return Optional.of(Kind.PRIVATE_KEY);
        }
        if (m.group("jwt") != null) {
            return Optional.of(Kind.JWT);
        }
        if (m.group("github") != null) {
            return Optional.of(Kind.GITHUB_TOKEN);
        }
        if (m.group("gitlab") != null) {
            return Optional.of(Kind.GITLAB_TOKEN);
        }
        if (m.group("aws") != null) {
            return Optional.of(Kind.AWS_ACCESS_KEY);
        }
        return base64PrivateKey(m.group("base64")) ? Optional.of(Kind.PRIVATE_KEY) : Optional.empty();
    }

    /**
     * Kubernetes and most tools carry keys base64-encoded, with or without PEM armour: a run of
     * base64 is a private key when it decodes to a PEM private key or to the DER of one.
     */
    private static boolean base64PrivateKey(String run) {
        String compact = WHITESPACE.matcher(run).replaceAll("");
        byte[] start = decode(compact.substring(0, Math.min(compact.length(), BASE64_PREFIX)));
        if (start.length == 0) {
            return false;
        }
        if (PEM_PRIVATE_KEY
                .matcher(new String(start, StandardCharsets.ISO_8859_1))
                .find()) {
            return true;
        }
        return privateKeyDer(start) || encryptedPrivateKey(start, compact);
    }

    /** The bytes of a base64 text without its padding (a prefix of a longer run need not end on a group of 4). */
    private static byte[] decode(String base64) {
        String body = base64.replace("=", "");
        try {
            return Base64.getDecoder().decode(body.substring(0, body.length() - (body.length() % 4 == 1 ? 1 : 0)));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /**
     * The start of an unencrypted private key's DER: {@code SEQUENCE { INTEGER 0|1, ...}} followed by
     * the modulus (PKCS#1 RSA), the algorithm (PKCS#8) or the key octets (SEC1 EC). A certificate,
     * a CSR or a public key starts its SEQUENCE with another SEQUENCE, so none of them matches.
     */
    private static boolean privateKeyDer(byte[] der) {
        int at = afterHeader(der, 0, 0x30);
        if (at < 0 || at + 4 > der.length) {
            return false;
        }
        boolean version = der[at] == 0x02 && der[at + 1] == 0x01 && (der[at + 2] == 0 || der[at + 2] == 1);
        int next = der[at + 3];
        return version && (next == 0x02 || next == 0x30 || next == 0x04);
    }

    /** Where the content of the DER element at {@code at} starts if it has tag {@code tag}, else -1. */
    private static int afterHeader(byte[] der, int at, int tag) {
        if (der.length < at + 2 || der[at] != tag) {
            return -1;
        }
        int length = der[at + 1] & 0xff;
        if (length < 0x80) {
            return at + 2;
        }
        int bytes = length - 0x80;
        return bytes >= 1 && bytes <= 3 ? at + 2 + bytes : -1;
    }

    /**
     * PKCS#8 EncryptedPrivateKeyInfo (an encrypted key is still the key, guarded by a password
     * that is often weak), read by the JDK: exactly as many bytes as its outer SEQUENCE says, since the
     * run may go on into the next line of the text.
     */
    private static boolean encryptedPrivateKey(byte[] start, String compact) {
        int content = afterHeader(start, 0, 0x30);
        if (content < 0 || afterHeader(start, content, 0x30) < 0) {
            return false;
        }
        int length = start[1] & 0xff;
        if (length >= 0x80) {
            length = 0;
            for (int i = 2; i < content; i++) {
                length = length << 8 | start[i] & 0xff;
            }
        }
        int chars = ((content + length) * 4 + 2) / 3;
        if (chars > compact.length()) {
            return false;
        }
        try {
            new EncryptedPrivateKeyInfo(decode(compact.substring(0, chars)));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
