package dev.chorus.security;

import dev.chorus.config.ConfigException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * A cluster's own certificate authority, kept in {@code ca.p12} of the cluster's TLS directory: it signs one
 * certificate per node ({@code CN=node:<id>}) and one for clients ({@code CN=client}), each written as a PKCS#12 key
 * store that also trusts the CA, which is what bolt's TLS reads (one store for key and trust). Every file is
 * owner-only; all stores share the password in {@value TlsIdentity#PASSWORD_FILE}.
 *
 * <p>Keys are EC P-256 and certificates are valid for ten years: a local or test cluster must not stop working on a
 * date; an operator who wants rotation issues new stores with {@code chorus tls issue}.
 */
public final class ClusterCa {
    public static final String CA_FILE = "ca.p12";
    private static final String CA_ALIAS = "chorus-ca";
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final Path dir;
    private final String password;
    private final PrivateKey caKey;
    private final X509Certificate caCert;
    private final SecureRandom random = new SecureRandom();

    private ClusterCa(Path dir, String password, PrivateKey caKey, X509Certificate caCert) {
        this.dir = dir;
        this.password = password;
        this.caKey = caKey;
        this.caCert = caCert;
    }

    /** Creates {@code dir} with a new CA and password; refused if {@code dir} already holds a CA. */
    public static ClusterCa create(Path dir, String clusterName)
            throws ConfigException, IOException, GeneralSecurityException {
        if (Files.exists(dir.resolve(CA_FILE))) {
            throw new ConfigException(dir.resolve(CA_FILE) + " already exists; a second CA would lock out the first "
                    + "one's members (use chorus tls issue to add a key store)");
        }
        Files.createDirectories(dir);
        String password = new SecretFile(dir.resolve(TlsIdentity.PASSWORD_FILE), "TLS password file").generate();
        KeyPair keys = newKeyPair();
        X500Name name = new X500Name("CN=Chorus CA " + clusterName);
        X509Certificate cert = sign(name, keys.getPublic(), name, keys.getPrivate(), true, new SecureRandom());
        ClusterCa ca = new ClusterCa(dir, password, keys.getPrivate(), cert);
        ca.store(CA_FILE, CA_ALIAS, keys.getPrivate(), new Certificate[] {cert});
        return ca;
    }

    /** The CA already in {@code dir}. */
    public static ClusterCa open(Path dir) throws ConfigException, IOException, GeneralSecurityException {
        Path file = dir.resolve(CA_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("no cluster CA at " + file + " (chorus init-local creates one)");
        }
        new SecretFile(file, "cluster CA").requireOwnerOnly();
        SecretFile passwordFile = new SecretFile(dir.resolve(TlsIdentity.PASSWORD_FILE), "TLS password file");
        passwordFile.requireOwnerOnly();
        String password = passwordFile.readSecret();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return new ClusterCa(dir, password, (PrivateKey) store.getKey(CA_ALIAS, password.toCharArray()),
                (X509Certificate) store.getCertificate(CA_ALIAS));
    }

    /** Writes {@code <nodeId>.p12}: node {@code nodeId}'s key and certificate. */
    public Path issueNode(String nodeId) throws IOException, GeneralSecurityException {
        return issue(TlsIdentity.nodeName(nodeId), nodeId + ".p12");
    }

    /** Writes {@code client.p12}: the identity of the CLI, the dashboard and other clients. */
    public Path issueClient() throws IOException, GeneralSecurityException {
        return issue(TlsIdentity.CLIENT, TlsIdentity.CLIENT + ".p12");
    }

    private Path issue(String commonName, String file) throws IOException, GeneralSecurityException {
        KeyPair keys = newKeyPair();
        X509Certificate cert = sign(new X500Name("CN=" + commonName), keys.getPublic(),
                new X500Name(caCert.getSubjectX500Principal().getName()), caKey, false, random);
        return store(file, commonName, keys.getPrivate(), new Certificate[] {cert, caCert});
    }

    private Path store(String file, String alias, PrivateKey key, Certificate[] chain)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(alias, key, password.toCharArray(), chain);
        if (chain.length > 1) {
            store.setCertificateEntry(CA_ALIAS, caCert);
        }
        Path path = dir.resolve(file);
        new SecretFile(path, "TLS key store").createEmpty();
        try (OutputStream out = Files.newOutputStream(path)) {
            store.store(out, password.toCharArray());
        }
        return path;
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, java.security.PublicKey subjectKey, X500Name issuer,
                                        PrivateKey issuerKey, boolean authority, SecureRandom random)
            throws GeneralSecurityException, IOException {
        Instant now = Instant.now();
        // Back-dated by a day: a node whose clock is behind the issuer's must still accept the certificate.
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).abs(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, subjectKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
        if (authority) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            // Every party is both: a node serves and calls its peers, a client certificate only calls.
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign a certificate: " + e.getMessage(), e);
        }
    }
}
