/** Console sign-in: form login against console users, each bound to one tenant. */
package dev.herald.console.security;
