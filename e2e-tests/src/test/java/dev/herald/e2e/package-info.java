/** Black-box tests of the built server jar, run as its own process against real PostgreSQL and SMTP. */
package dev.herald.e2e;
