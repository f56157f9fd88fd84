/** API keys that shops use to post events, kept as hashes. */
package dev.herald.db.apikey;
