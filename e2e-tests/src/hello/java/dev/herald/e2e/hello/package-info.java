/** A bare Lambda handler with no framework: the yardstick for the runtime harness and for cold starts. */
package dev.herald.e2e.hello;
