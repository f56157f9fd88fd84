/** Sandboxed Liquid rendering of tenant-authored notification templates, and the model they see. */
package dev.herald.functions.rendering;
