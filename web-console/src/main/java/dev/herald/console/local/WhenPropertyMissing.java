package dev.herald.console.local;

import java.util.Map;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when the property named by {@link OnMissingProperty} is absent or blank. */
class WhenPropertyMissing implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(OnMissingProperty.class.getName());
		String value = context.getEnvironment().getProperty((String) attributes.get("value"));
		return value == null || value.isBlank();
	}

}
