/** Push to Android, iOS and web apps through Firebase Cloud Messaging's HTTP v1 API, with service-account OAuth2. */
package dev.herald.channels.push.fcm;
