/** Delivery: claim due deliveries, render, send through the channel, record the attempt, retry or dead-letter. */
package dev.herald.functions.delivery;
