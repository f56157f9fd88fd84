/** The SNS query API subset a shop's SnsClient uses, SigV4-verified, publishing into Herald's ingestion. */
package dev.herald.console.snsapi;
