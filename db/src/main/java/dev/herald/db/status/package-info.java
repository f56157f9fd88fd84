/** What providers reported about each delivery after accepting it: an append-only history and the outcome it leads to. */
package dev.herald.db.status;
