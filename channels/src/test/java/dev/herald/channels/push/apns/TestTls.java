package dev.herald.channels.push.apns;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made in the test (BouncyCastle builds it; the JDK signs
 * with its own providers), with the server's and the client's TLS contexts around it.
 */
final class TestTls {

	private static final char[] PASSWORD = "test-only".toCharArray();

	final X509Certificate certificate;

	private final KeyPair keys;

	private TestTls(KeyPair keys, X509Certificate certificate) {
		this.keys = keys;
		this.certificate = certificate;
	}

	static TestTls selfSigned() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair keys = generator.generateKeyPair();
			X500Name name = new X500Name("CN=localhost");
			Instant now = Instant.now();
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
					BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
					Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
							new GeneralName(GeneralName.iPAddress, "127.0.0.1") }));
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
			return new TestTls(keys, certificate);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not make the test certificate", ex);
		}
	}

	/** The server's side: presents the certificate. */
	SSLContext serverContext() throws GeneralSecurityException, java.io.IOException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry("server", this.keys.getPrivate(), PASSWORD, new X509Certificate[] { this.certificate });
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(store, PASSWORD);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), null, null);
		return context;
	}

	/** The client's side: trusts this certificate and nothing else; hostname verification stays on. */
	SSLContext clientContext() throws GeneralSecurityException, java.io.IOException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setCertificateEntry("fake-apns", this.certificate);
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(store);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trustManagers.getTrustManagers(), null);
		return context;
	}

}
