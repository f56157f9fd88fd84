/** Push to iOS, iPadOS and macOS apps through Apple's APNs HTTP/2 API, with token (JWT) authentication. */
package dev.herald.channels.push.apns;
