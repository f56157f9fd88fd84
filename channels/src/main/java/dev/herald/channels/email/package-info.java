/** What every email provider shares: sender settings and the one MIME message SMTP and SES both send. */
package dev.herald.channels.email;
