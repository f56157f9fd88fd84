/** What the AWS providers share: reaching a service with a tenant's region, endpoint and keys; reading its errors. */
package dev.herald.channels.aws;
