package dev.herald.functions.sns;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the caIssuers URLs of a certificate's Authority Information Access extension (RFC 5280 4.2.2.1): the JDK
 * exposes only its DER bytes. Anything unexpected gives no URL rather than an error.
 */
final class AuthorityInformationAccess {

	private static final String OID = "1.3.6.1.5.5.7.1.1";

	/** id-ad-caIssuers, 1.3.6.1.5.5.7.48.2, DER-encoded. */
	private static final byte[] CA_ISSUERS = { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02 };

	private AuthorityInformationAccess() {
	}

	static List<String> caIssuers(X509Certificate certificate) {
		byte[] extension = certificate.getExtensionValue(OID);
		List<String> urls = new ArrayList<>();
		if (extension == null) {
			return urls;
		}
		try {
			Der octets = Der.read(extension, 0);
			Der sequence = Der.read(extension, octets.start);
			for (int at = sequence.start; at < sequence.end;) {
				Der description = Der.read(extension, at);
				Der method = Der.read(extension, description.start);
				Der location = Der.read(extension, method.end);
				if (method.tag == 0x06
						&& Arrays.equals(Arrays.copyOfRange(extension, method.start, method.end), CA_ISSUERS)
						&& location.tag == (byte) 0x86) {
					urls.add(new String(extension, location.start, location.end - location.start,
							StandardCharsets.US_ASCII));
				}
				at = description.end;
			}
		}
		catch (IndexOutOfBoundsException | IllegalArgumentException ex) {
			return List.of();
		}
		return urls;
	}

	/** One DER element: its tag, and where its content starts and ends in the buffer. */
	private record Der(byte tag, int start, int end) {

		static Der read(byte[] buffer, int at) {
			byte tag = buffer[at];
			int length = buffer[at + 1] & 0xFF;
			int start = at + 2;
			if (length > 0x7F) {
				int bytes = length & 0x7F;
				if (bytes < 1 || bytes > 3) {
					throw new IllegalArgumentException("unsupported DER length");
				}
				length = 0;
				for (int i = 0; i < bytes; i++) {
					length = (length << 8) | (buffer[start + i] & 0xFF);
				}
				start += bytes;
			}
			if (start + length > buffer.length) {
				throw new IllegalArgumentException("DER element longer than its buffer");
			}
			return new Der(tag, start, start + length);
		}

	}

}
