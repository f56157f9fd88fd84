/** A local HTTPS server standing in for SNS's hosts, with a test CA and SNS-format signed messages. */
package dev.herald.functions.sns.testing;
