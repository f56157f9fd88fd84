package dev.herald.functions.rendering;

/** How values from the model are treated before they reach a template's output. */
public enum Escaping {

	/** Values are output as they are: for plain-text bodies, SMS and push titles. */
	NONE,

	/** Every string in the model is HTML-escaped first: for HTML email bodies. */
	HTML

}
