/** The SQS delivery queue: messages name deliveries, whose rows in PostgreSQL are claimed by id under a lease. */
package dev.herald.functions.delivery.sqs;
