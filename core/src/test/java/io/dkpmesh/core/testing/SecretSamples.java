package io.dkpmesh.core.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/**
 * Secrets of every form the guard must recognise, made when the tests run: keys fresh from the
 * JDK, tokens of the right shape from a seeded random (no real credential, and none written in the
 * sources, where secret scanners would rightly complain). Also the public look-alikes that must
 * pass: a certificate and a public key.
 */
public final class SecretSamples {

    /** The CA certificate the golden trees render into IstioFederation metadata.ca: public, must pass. */
    public static final Path CERTIFICATE =
            Path.of("src", "test", "resources", "golden", "istio-federation-3-clusters", "certs", "msk-ingress-ca.pem");

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private SecretSamples() {}

    /** Every secret form by name: each must be refused wherever it is put, and never echoed whole. */
    public static Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("PEM PKCS#1 RSA key", pem("RSA PRIVATE KEY", pkcs1()));
        all.put("PEM PKCS#8 key", pem("PRIVATE KEY", rsa().getPrivate().getEncoded()));
        all.put("PEM encrypted key", pem("ENCRYPTED PRIVATE KEY", encryptedPkcs8()));
        all.put("header-less base64 PKCS#1 key", base64(pkcs1()));
        all.put("header-less base64 PKCS#8 key", base64(rsa().getPrivate().getEncoded()));
        all.put(
                "header-less base64 PKCS#8 EC key, folded",
                folded(ec().getPrivate().getEncoded()));
        all.put("header-less base64 SEC1 EC key", base64(sec1()));
        all.put("header-less base64 encrypted PKCS#8 key", base64(encryptedPkcs8()));
        all.put(
                "base64 of a PEM key (tls.key)",
                base64(pem("EC PRIVATE KEY", sec1()).getBytes(StandardCharsets.US_ASCII)));
        all.put("JWT", jwt());
        all.put("GitHub classic token", "ghp_" + random(36, 1));
        all.put("GitHub OAuth token", "gho_" + random(36, 2));
        all.put("GitHub fine-grained token", "github_pat_" + random(22, 3) + "_" + random(59, 4));
        all.put("GitLab token", "glpat-" + random(20, 5));
        all.put("AWS access key ID", "AKIA" + random(16, 6).toUpperCase(java.util.Locale.ROOT));
        all.put("AWS temporary access key ID", "ASIA" + random(16, 7).toUpperCase(java.util.Locale.ROOT));
        return all;
    }

    /** Those of {@link #all} that fit in one line and a YAML plain scalar: tokens. */
    public static Map<String, String> tokens() {
        Map<String, String> tokens = new LinkedHashMap<>(all());
        tokens.keySet().removeIf(name -> name.contains("key") && !name.contains("AWS"));
        return tokens;
    }

    /** Public material shaped like the secrets: none of these is a secret. */
    public static Map<String, String> publicLookAlikes() {
        try {
            String certificate = Files.readString(CERTIFICATE);
            String body = certificate.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            Map<String, String> all = new LinkedHashMap<>();
            all.put("PEM certificate", certificate);
            all.put("header-less base64 certificate", body);
            all.put("base64 of a PEM certificate", base64(certificate.getBytes(StandardCharsets.US_ASCII)));
            all.put("base64 RSA public key", base64(rsa().getPublic().getEncoded()));
            all.put("base64 EC public key", base64(ec().getPublic().getEncoded()));
            all.put("JWT-like but one part", "eyJhbGciOiJIUzI1NiJ9");
            all.put("token prefix too short", "ghp_abc");
            all.put("AKIA inside a word", "XAKIA" + "ABCDEFGHIJKLMNOP");
            all.put(
                    "long base64 of text",
                    base64("the quick brown fox jumps over the lazy dog, twice over"
                            .getBytes(StandardCharsets.US_ASCII)));
            all.put("a long path", "rendered/clusters/msk/mesh/istiofederation/spb/and/more/path/segments");
            all.put("a sha256", "3b4c1f0e2d5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c");
            return all;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static String pem(String label, byte[] der) {
        StringBuilder out = new StringBuilder("-----BEGIN " + label + "-----\n");
        String body = base64(der);
        for (int i = 0; i < body.length(); i += 64) {
            out.append(body, i, Math.min(body.length(), i + 64)).append('\n');
        }
        return out.append("-----END ").append(label).append("-----\n").toString();
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Base64 folded at 76 columns, as {@code base64} prints it. */
    private static String folded(byte[] bytes) {
        return Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(bytes);
    }

    private static String random(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        }
        return out.toString();
    }

    private static String jwt() {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString("{\"sub\":\"system:serviceaccount:d8-istio:reader\",\"exp\":4102444800}"
                        .getBytes(StandardCharsets.UTF_8))
                + "." + url.encodeToString(random(64, 8).getBytes(StandardCharsets.US_ASCII));
    }

    private static KeyPair rsa() {
        return generate("RSA", 1024);
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 8017 RSAPrivateKey, as {@code openssl genrsa -traditional} writes it. */
    private static byte[] pkcs1() {
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa().getPrivate();
        return sequence(
                integer(BigInteger.ZERO),
                integer(key.getModulus()),
                integer(key.getPublicExponent()),
                integer(key.getPrivateExponent()),
                integer(key.getPrimeP()),
                integer(key.getPrimeQ()),
                integer(key.getPrimeExponentP()),
                integer(key.getPrimeExponentQ()),
                integer(key.getCrtCoefficient()));
    }

    /** RFC 5915 ECPrivateKey (SEC1), without the optional parameters. */
    private static byte[] sec1() {
        byte[] d = ((ECPrivateKey) ec().getPrivate()).getS().toByteArray();
        return sequence(integer(BigInteger.ONE), element(0x04, d));
    }

    private static byte[] encryptedPkcs8() {
        try {
            // PKCS#12 PBE: a scheme whose parameters the JDK can also write into an EncryptedPrivateKeyInfo
            String algorithm = "PBEWithSHA1AndDESede";
            PBEParameterSpec parameters = new PBEParameterSpec(new byte[8], 1000);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(
                    Cipher.ENCRYPT_MODE,
                    SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec("pw".toCharArray())),
                    parameters);
            byte[] encrypted = cipher.doFinal(rsa().getPrivate().getEncoded());
            return new EncryptedPrivateKeyInfo(cipher.getParameters(), encrypted).getEncoded();
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sequence(byte[]... elements) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] element : elements) {
            content.writeBytes(element);
        }
        return element(0x30, content.toByteArray());
    }

    private static byte[] integer(BigInteger value) {
        return element(0x02, value.toByteArray());
    }

    private static byte[] element(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
