package dev.herald.functions.sns;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Verifies SNS message signatures as AWS documents them: SignatureVersion 1 is SHA1withRSA and 2 SHA256withRSA over
 * {@link SnsMessage#canonicalString()}, with the public key of the certificate at SigningCertURL. That certificate
 * is fetched only from a URL {@link SnsUrls} allows, must chain to a trusted root (PKIX, without revocation checks),
 * must name SNS as its subject (CN), and is cached, a bounded number of them, while valid. A missing intermediate CA
 * is fetched from the certificate's caIssuers URL, only from Amazon's CA repository ({@link SnsUrls}).
 */
public class SnsSignatureVerifier {

	/** SNS signing certificates are about 2 KB; a chain a few times that. */
	static final int MAX_CERTIFICATE_BYTES = 64 * 1024;

	private static final int MAX_ISSUER_BYTES = 16 * 1024;

	private final SnsFetcher fetcher;

	private final Set<TrustAnchor> trustAnchors;

	private final String subjectCommonName;

	private final Clock clock;

	private final Map<String, X509Certificate> certificates;

	/**
	 * @param trustAnchors the roots a signing certificate must chain to
	 * @param subjectCommonName the CN of SNS's signing certificates, {@code sns.amazonaws.com}
	 * @param cacheSize how many signing certificates to keep
	 */
	public SnsSignatureVerifier(SnsFetcher fetcher, Set<TrustAnchor> trustAnchors, String subjectCommonName,
			Clock clock, int cacheSize) {
		if (trustAnchors.isEmpty()) {
			throw new IllegalArgumentException("At least one trust anchor is needed to check SNS certificates");
		}
		this.fetcher = fetcher;
		this.trustAnchors = Set.copyOf(trustAnchors);
		this.subjectCommonName = subjectCommonName;
		this.clock = clock;
		this.certificates = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, X509Certificate> eldest) {
				return size() > cacheSize;
			}

		};
	}

	/** The trusted roots of a key store, e.g. one loaded from a file. */
	public static Set<TrustAnchor> trustAnchorsOf(KeyStore store) {
		try {
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(store);
			Set<TrustAnchor> anchors = new HashSet<>();
			for (var manager : factory.getTrustManagers()) {
				if (manager instanceof X509TrustManager x509) {
					for (X509Certificate issuer : x509.getAcceptedIssuers()) {
						anchors.add(new TrustAnchor(issuer, null));
					}
				}
			}
			return anchors;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the trust store", ex);
		}
	}

	/** The JDK's trusted roots. */
	public static Set<TrustAnchor> jdkTrustAnchors() {
		return trustAnchorsOf(null);
	}

	public SnsVerification verify(SnsMessage message) {
		String algorithm = switch (message.signatureVersion()) {
			case "1" -> "SHA1withRSA";
			case "2" -> "SHA256withRSA";
			case null, default -> null;
		};
		if (algorithm == null) {
			return new SnsVerification.Rejected("SignatureVersion must be 1 or 2");
		}
		Optional<String> refusal = SnsUrls.signingCertificateRefusal(message.signingCertUrl());
		if (refusal.isPresent()) {
			return new SnsVerification.Rejected(refusal.get());
		}
		X509Certificate certificate;
		try {
			certificate = certificate(message.signingCertUrl());
		}
		catch (CertificateRefused ex) {
			return new SnsVerification.Rejected(ex.getMessage());
		}
		byte[] signature;
		try {
			signature = Base64.getDecoder().decode(message.signature());
		}
		catch (IllegalArgumentException ex) {
			return new SnsVerification.Rejected("Signature is not base64");
		}
		try {
			Signature verifier = Signature.getInstance(algorithm);
			verifier.initVerify(certificate.getPublicKey());
			verifier.update(message.canonicalString().getBytes(StandardCharsets.UTF_8));
			if (!verifier.verify(signature)) {
				return new SnsVerification.Rejected("the signature does not match the message");
			}
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return new SnsVerification.Rejected("the signature does not match the message");
		}
		return new SnsVerification.Verified(message);
	}

	private X509Certificate certificate(String url) throws CertificateRefused {
		Date now = Date.from(this.clock.instant());
		synchronized (this.certificates) {
			X509Certificate cached = this.certificates.get(url);
			if (cached != null && now.before(cached.getNotAfter()) && now.after(cached.getNotBefore())) {
				return cached;
			}
			this.certificates.remove(url);
		}
		byte[] pem;
		try {
			pem = this.fetcher.get(URI.create(url), MAX_CERTIFICATE_BYTES);
		}
		catch (SnsFetchException ex) {
			throw new CertificateRefused("the signing certificate could not be fetched: " + ex.getMessage());
		}
		X509Certificate certificate = checked(pem, now);
		synchronized (this.certificates) {
			this.certificates.put(url, certificate);
		}
		return certificate;
	}

	private X509Certificate checked(byte[] pem, Date now) throws CertificateRefused {
		List<X509Certificate> chain = new ArrayList<>();
		try {
			Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
				.generateCertificates(new ByteArrayInputStream(pem));
			for (Certificate certificate : parsed) {
				if (certificate instanceof X509Certificate x509) {
					chain.add(x509);
				}
			}
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new CertificateRefused("the signing certificate is not a PEM X.509 certificate");
		}
		if (chain.isEmpty()) {
			throw new CertificateRefused("the signing certificate is not a PEM X.509 certificate");
		}
		X509Certificate leaf = chain.getFirst();
		if (!this.subjectCommonName.equalsIgnoreCase(commonName(leaf).orElse(""))) {
			throw new CertificateRefused("the signing certificate is not SNS's (its subject must be CN="
					+ this.subjectCommonName + ")");
		}
		boolean[] usage = leaf.getKeyUsage();
		if (usage != null && !usage[0]) {
			throw new CertificateRefused("the signing certificate is not for digital signatures");
		}
		List<X509Certificate> known = new ArrayList<>(chain);
		for (int fetched = 0;; fetched++) {
			try {
				buildPath(leaf, known, now);
				return leaf;
			}
			catch (GeneralSecurityException | RuntimeException ex) {
				// SNS's .pem may hold only the signing certificate, issued by an intermediate CA the trust store does
				// not hold: fetch it from where the certificate says (only from Amazon's CA repository), at most twice.
				Optional<X509Certificate> issuer = (fetched < 2) ? issuerOf(known.getLast()) : Optional.empty();
				if (issuer.isEmpty() || known.contains(issuer.get())) {
					throw new CertificateRefused("the signing certificate does not chain to a trusted root ("
							+ firstLine(ex.getMessage()) + ")");
				}
				known.add(issuer.get());
			}
		}
	}

	private void buildPath(X509Certificate leaf, List<X509Certificate> known, Date now)
			throws GeneralSecurityException {
		X509CertSelector target = new X509CertSelector();
		target.setCertificate(leaf);
		PKIXBuilderParameters parameters = new PKIXBuilderParameters(this.trustAnchors, target);
		parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(known)));
		// Revocation lists would be fetched from URLs inside the certificate: no request leaves for those.
		parameters.setRevocationEnabled(false);
		parameters.setDate(now);
		CertPathBuilder.getInstance("PKIX").build(parameters);
	}

	/** The certificate's issuer, from its first caIssuers URL Herald may fetch. */
	private Optional<X509Certificate> issuerOf(X509Certificate certificate) {
		for (String url : AuthorityInformationAccess.caIssuers(certificate)) {
			if (SnsUrls.issuerCertificateRefusal(url).isPresent()) {
				continue;
			}
			try {
				byte[] encoded = this.fetcher.get(URI.create(url), MAX_ISSUER_BYTES);
				Certificate issuer = CertificateFactory.getInstance("X.509")
					.generateCertificate(new ByteArrayInputStream(encoded));
				if (issuer instanceof X509Certificate x509) {
					return Optional.of(x509);
				}
			}
			catch (SnsFetchException | GeneralSecurityException | RuntimeException ex) {
				return Optional.empty();
			}
		}
		return Optional.empty();
	}

	private static Optional<String> commonName(X509Certificate certificate) {
		try {
			List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
			List<String> names = rdns.stream()
				.filter((rdn) -> rdn.getType().equalsIgnoreCase("CN"))
				.map((rdn) -> String.valueOf(rdn.getValue()))
				.toList();
			// A subject with two CNs is ambiguous: it is not SNS's.
			return (names.size() == 1) ? Optional.of(names.getFirst()) : Optional.empty();
		}
		catch (InvalidNameException ex) {
			return Optional.empty();
		}
	}

	private static String firstLine(String message) {
		return (message != null) ? message.lines().findFirst().orElse("") : "";
	}

	private static final class CertificateRefused extends Exception {

		CertificateRefused(String message) {
			super(message, null, false, false);
		}

	}

}
