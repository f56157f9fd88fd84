/** The delivery worker loops that run the deliver function continuously on the local server. */
package dev.herald.console.worker;
