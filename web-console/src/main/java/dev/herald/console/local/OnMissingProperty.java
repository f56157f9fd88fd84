package dev.herald.console.local;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/** Switches a local stand-in on only when the standard Spring property for the real thing is not set. */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Conditional(WhenPropertyMissing.class)
@interface OnMissingProperty {

	String value();

}
