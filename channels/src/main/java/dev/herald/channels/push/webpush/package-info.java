/** Web Push (RFC 8030) to browsers' push services, payloads encrypted per RFC 8291 and signed with VAPID (RFC 8292). */
package dev.herald.channels.push.webpush;
