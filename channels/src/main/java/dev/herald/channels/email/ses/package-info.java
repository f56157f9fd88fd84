/** Email through Amazon SES v2, sending the same raw MIME message as SMTP, per tenant's region and keys. */
package dev.herald.channels.email.ses;
