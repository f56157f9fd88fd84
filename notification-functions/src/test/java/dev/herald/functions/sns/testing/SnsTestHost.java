package dev.herald.functions.sns.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.herald.functions.sns.HttpsSnsFetcher;
import dev.herald.functions.sns.SnsFetcher;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local HTTPS server standing in for SNS's hosts ({@code sns.us-east-1.amazonaws.com} and others): a test CA, a TLS
 * certificate for those names, and SNS-like signing certificates served at
 * {@code /SimpleNotificationService-<hex>.pem}; SubscribeURLs are answered like SNS's ConfirmSubscription. Messages
 * are signed here in SNS's exact format. The {@link #fetcher()} is the real {@link HttpsSnsFetcher}, with DNS
 * replaced by this server's address, and records every URL it was asked for; the server records every request.
 */
public final class SnsTestHost implements AutoCloseable {

	public static final String REGION_HOST = "sns.us-east-1.amazonaws.com";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final KeyPair caKeys = rsa();

	private final X509Certificate ca;

	private final KeyPair signingKeys = rsa();

	private final X509Certificate signing;

	private final KeyPair intermediateKeys = rsa();

	private final X509Certificate intermediate;

	private final HttpsServer server;

	/** Plain http, as Amazon's CA repository (crt.*.amazontrust.com) publishes its intermediates. */
	private final HttpServer repository;

	private final SSLContext clientTls;

	private final Map<String, byte[]> files = new ConcurrentHashMap<>();

	private final List<URI> fetched = new CopyOnWriteArrayList<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final String certificateUrl;

	public SnsTestHost() {
		try {
			this.ca = certificate("CN=Herald Test Root CA", this.caKeys, "CN=Herald Test Root CA", this.caKeys, true,
					List.of());
			this.signing = issue("CN=sns.amazonaws.com", this.signingKeys);
			this.intermediate = certificate("CN=Herald Test Intermediate CA", this.intermediateKeys,
					"CN=Herald Test Root CA", this.caKeys, true, List.of(), null);
			KeyPair tlsKeys = rsa();
			X509Certificate tls = certificate("CN=" + REGION_HOST, tlsKeys, "CN=Herald Test Root CA", this.caKeys,
					false, List.of(REGION_HOST, "sns.eu-west-1.amazonaws.com", "sns.cn-north-1.amazonaws.com.cn"));
			KeyStore serverKeys = KeyStore.getInstance("PKCS12");
			serverKeys.load(null, null);
			serverKeys.setKeyEntry("tls", tlsKeys.getPrivate(), "changeit".toCharArray(),
					new X509Certificate[] { tls, this.ca });
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(serverKeys, "changeit".toCharArray());
			SSLContext serverTls = SSLContext.getInstance("TLS");
			serverTls.init(keyManagers.getKeyManagers(), null, null);
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trustStore());
			this.clientTls = SSLContext.getInstance("TLS");
			this.clientTls.init(null, trust.getTrustManagers(), null);
			this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			this.server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
			this.server.createContext("/", this::handle);
			this.server.start();
			this.repository = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			this.repository.createContext("/", this::handle);
			this.repository.start();
			this.files.put("/r2m01.cer", this.intermediate.getEncoded());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		this.certificateUrl = serve(pem(this.signing));
	}

	/** A key store holding only the test CA: what a trust store for the verifier and for TLS is in tests. */
	public KeyStore trustStore() {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setCertificateEntry("test-ca", this.ca);
			return store;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public Set<TrustAnchor> trustAnchors() {
		return Set.of(new TrustAnchor(this.ca, null));
	}

	/** The real HTTPS client, connecting to this server whatever the host, recording every URL it is asked for. */
	public SnsFetcher fetcher() {
		HttpsSnsFetcher https = new HttpsSnsFetcher(this.clientTls, Duration.ofSeconds(2), Duration.ofSeconds(3),
				(host, port) -> new InetSocketAddress(InetAddress.getLoopbackAddress(),
						((port == 80) ? this.repository : this.server).getAddress().getPort()));
		return (uri, maxBytes) -> {
			this.fetched.add(uri);
			return https.get(uri, maxBytes);
		};
	}

	/** Every URL the {@link #fetcher()} was asked to fetch, in order. */
	public List<URI> fetched() {
		return List.copyOf(this.fetched);
	}

	/** Every request this server received, as {@code Host path?query}. */
	public List<String> requests() {
		return List.copyOf(this.requests);
	}

	public void forgetRequests() {
		this.fetched.clear();
		this.requests.clear();
	}

	/** The URL of the genuine signing certificate. */
	public String certificateUrl() {
		return this.certificateUrl;
	}

	/** Serves bytes at a new {@code /SimpleNotificationService-<hex>.pem} path; returns its https URL on SNS's host. */
	public String serve(byte[] content) {
		String path = "/SimpleNotificationService-" + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(),
				0, 16) + ".pem";
		this.files.put(path, content);
		return "https://" + REGION_HOST + path;
	}

	/** Answers a path with a redirect to another place. */
	public String serveRedirect(String location) {
		String path = "/SimpleNotificationService-" + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(),
				0, 16) + ".pem";
		this.files.put(path, ("REDIRECT " + location).getBytes(StandardCharsets.UTF_8));
		return "https://" + REGION_HOST + path;
	}

	/**
	 * Serves a signing certificate (the genuine key) issued by an intermediate CA that is neither in the .pem nor
	 * trusted, whose caIssuers URL is the given one; returns its SigningCertURL. At
	 * {@code http://crt.r2m01.amazontrust.com/r2m01.cer} this host serves that intermediate.
	 */
	public String serveCertificateIssuedByIntermediate(String caIssuersUrl) {
		return serve(pem(certificate("CN=sns.amazonaws.com", this.signingKeys, "CN=Herald Test Intermediate CA",
				this.intermediateKeys, false, List.of(), caIssuersUrl)));
	}

	/** A signing certificate with the right subject but from another CA (not trusted). */
	public byte[] untrustedCertificatePem() {
		KeyPair rogue = rsa();
		return pem(certificate("CN=sns.amazonaws.com", this.signingKeys, "CN=Rogue CA", rogue, false, List.of()));
	}

	/** A certificate of the trusted CA, with the signing key, but another subject. */
	public byte[] wrongSubjectCertificatePem() {
		return pem(issue("CN=sns.evil.example", this.signingKeys));
	}

	/** A notification as SNS sends it, signed with the genuine certificate. */
	public String notification(String topicArn, String messageId, String subject, String message, String timestamp,
			int signatureVersion) {
		ObjectNode json = JSON.createObjectNode();
		json.put("Type", "Notification");
		json.put("MessageId", messageId);
		json.put("TopicArn", topicArn);
		if (subject != null) {
			json.put("Subject", subject);
		}
		json.put("Message", message);
		json.put("Timestamp", timestamp);
		json.put("SignatureVersion", String.valueOf(signatureVersion));
		StringBuilder canonical = new StringBuilder();
		canonical.append("Message\n").append(message).append('\n');
		canonical.append("MessageId\n").append(messageId).append('\n');
		if (subject != null) {
			canonical.append("Subject\n").append(subject).append('\n');
		}
		canonical.append("Timestamp\n").append(timestamp).append('\n');
		canonical.append("TopicArn\n").append(topicArn).append('\n');
		canonical.append("Type\nNotification\n");
		json.put("Signature", sign(canonical.toString(), signatureVersion));
		json.put("SigningCertURL", this.certificateUrl);
		json.put("UnsubscribeURL", "https://" + REGION_HOST + "/?Action=Unsubscribe&SubscriptionArn=" + topicArn
				+ ":" + UUID.randomUUID());
		return JSON.writeValueAsString(json);
	}

	/** A SubscriptionConfirmation or UnsubscribeConfirmation as SNS sends it, signed. */
	public String confirmation(String type, String topicArn, String messageId, int signatureVersion) {
		return confirmation(type, topicArn, messageId, signatureVersion, subscribeUrl(topicArn, "ok"));
	}

	/**
	 * A confirmation with this SubscribeURL, signed. This server answers a ConfirmSubscription whose token starts
	 * with {@code fail} with a 503.
	 */
	public String confirmation(String type, String topicArn, String messageId, int signatureVersion,
			String subscribeUrl) {
		String token = subscribeUrl.replaceAll(".*Token=([^&]*).*", "$1");
		String message = type.equals("SubscriptionConfirmation")
				? "You have chosen to subscribe to the topic " + topicArn + ".\nTo confirm the subscription, visit "
						+ "the SubscribeURL included in this message."
				: "You have chosen to deactivate subscription " + topicArn + ":" + UUID.randomUUID() + ".";
		String timestamp = Instant.now().toString();
		ObjectNode json = JSON.createObjectNode();
		json.put("Type", type);
		json.put("MessageId", messageId);
		json.put("Token", token);
		json.put("TopicArn", topicArn);
		json.put("Message", message);
		json.put("SubscribeURL", subscribeUrl);
		json.put("Timestamp", timestamp);
		json.put("SignatureVersion", String.valueOf(signatureVersion));
		String canonical = "Message\n" + message + "\nMessageId\n" + messageId + "\nSubscribeURL\n" + subscribeUrl
				+ "\nTimestamp\n" + timestamp + "\nToken\n" + token + "\nTopicArn\n" + topicArn + "\nType\n" + type
				+ "\n";
		json.put("Signature", sign(canonical, signatureVersion));
		json.put("SigningCertURL", this.certificateUrl);
		return JSON.writeValueAsString(json);
	}

	/** SNS's ConfirmSubscription URL on this host, with a token starting with the given text. */
	public static String subscribeUrl(String topicArn, String tokenPrefix) {
		return "https://" + REGION_HOST + "/?Action=ConfirmSubscription&TopicArn=" + topicArn + "&Token=" + tokenPrefix
				+ HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes());
	}

	/** Re-signs nothing: changes one field of a signed message, as a forger would. */
	public static String with(String message, String field, String value) {
		ObjectNode json = (ObjectNode) JSON.readTree(message);
		if (value == null) {
			json.remove(field);
		}
		else {
			json.put(field, value);
		}
		return JSON.writeValueAsString(json);
	}

	public String sign(String canonical, int signatureVersion) {
		try {
			Signature signature = Signature.getInstance((signatureVersion == 1) ? "SHA1withRSA" : "SHA256withRSA");
			signature.initSign(this.signingKeys.getPrivate());
			signature.update(canonical.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(signature.sign());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.repository.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		String query = exchange.getRequestURI().getRawQuery();
		String path = exchange.getRequestURI().getRawPath();
		this.requests.add(exchange.getRequestHeaders().getFirst("Host") + " " + path + ((query != null) ? "?" + query : ""));
		byte[] body;
		int status = 200;
		if (path.equals("/") && query != null && query.contains("&Token=fail")) {
			status = 503;
			body = "<Error><Code>ServiceUnavailable</Code></Error>".getBytes(StandardCharsets.UTF_8);
		}
		else if (path.equals("/") && query != null && query.contains("Action=ConfirmSubscription")) {
			String topic = query.replaceAll(".*TopicArn=([^&]*).*", "$1");
			body = ("<ConfirmSubscriptionResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
					+ "<ConfirmSubscriptionResult><SubscriptionArn>" + topic + ":" + UUID.randomUUID()
					+ "</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>")
				.getBytes(StandardCharsets.UTF_8);
		}
		else if (this.files.containsKey(path)) {
			body = this.files.get(path);
			String text = new String(body, StandardCharsets.UTF_8);
			if (text.startsWith("REDIRECT ")) {
				exchange.getResponseHeaders().add("Location", text.substring(9));
				status = 302;
				body = new byte[0];
			}
		}
		else {
			status = 404;
			body = "not found".getBytes(StandardCharsets.UTF_8);
		}
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private X509Certificate issue(String subject, KeyPair keys) {
		return certificate(subject, keys, "CN=Herald Test Root CA", this.caKeys, false, List.of());
	}

	private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
			boolean authority, List<String> dnsNames) {
		return certificate(subject, subjectKeys, issuer, issuerKeys, authority, dnsNames, null);
	}

	private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
			boolean authority, List<String> dnsNames, String caIssuersUrl) {
		try {
			Instant now = Instant.now();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
					BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(System.nanoTime() & 0xffff)),
					java.util.Date.from(now.minus(Duration.ofDays(1))), java.util.Date.from(now.plus(Duration.ofDays(30))),
					new X500Name(subject), subjectKeys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(authority
					? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
			if (!dnsNames.isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
					.map((name) -> new GeneralName(GeneralName.dNSName, name))
					.toArray(GeneralName[]::new)));
			}
			if (caIssuersUrl != null) {
				builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
						new AccessDescription(AccessDescription.id_ad_caIssuers,
								new GeneralName(GeneralName.uniformResourceIdentifier, caIssuersUrl))));
			}
			PrivateKey signer = issuerKeys.getPrivate();
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static byte[] pem(X509Certificate certificate) {
		try {
			return ("-----BEGIN CERTIFICATE-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
						.encodeToString(certificate.getEncoded())
					+ "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
