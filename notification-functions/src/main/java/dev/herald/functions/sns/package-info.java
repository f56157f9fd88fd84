/**
 * Amazon SNS HTTP(S) messages: parsing, the URL rules for SNS hosts, and signature verification (SignatureVersion 1
 * and 2) with a certificate fetched only from SNS and checked against a trust store.
 */
package dev.herald.functions.sns;
