/** Mobile push through Amazon SNS platform endpoints: one Publish reaches FCM and APNs devices alike. */
package dev.herald.channels.push.sns;
