/** Lambda functions run offline as Lambda runs them: the real Runtime Interface Client against a local Runtime API. */
package dev.herald.e2e.lambda;
