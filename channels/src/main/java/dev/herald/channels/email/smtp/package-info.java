/** Email over SMTP through Spring's {@code JavaMailSender}, with replies mapped to delivered, retry or reject. */
package dev.herald.channels.email.smtp;
