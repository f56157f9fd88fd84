/** The console's delivery log: recent deliveries of the signed-in user's tenant with their state. */
package dev.herald.console.deliveries;
