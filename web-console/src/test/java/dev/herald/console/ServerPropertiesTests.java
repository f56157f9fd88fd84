package dev.herald.console;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ServerPropertiesTests {

	@Test
	void theSnsEndpointAndTheSnsApiHaveTheirOwnSettingsAndDefaults() {
		ServerProperties properties = bind(Map.of("herald.server.sns-api.enabled", "false",
				"herald.server.sns.path", "/aws/sns"));

		assertThat(properties.sns().enabled()).isTrue();
		assertThat(properties.sns().path()).isEqualTo("/aws/sns");
		assertThat(properties.snsApi().enabled()).isFalse();
		assertThat(properties.snsApi().path()).isEqualTo("/");
		assertThat(bind(Map.of()).sns().path()).isEqualTo("/sns");
	}

	@Test
	void theSnsApiCannotAnswerInsideTheSnsEndpointsPrefix() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("herald.server.sns-api.path", "/sns/local")))
			.havingRootCause()
			.isInstanceOf(IllegalArgumentException.class)
			.withMessage("herald.server.sns-api.path (/sns/local) must not be herald.server.sns.path (/sns) "
					+ "or under it");
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("herald.server.sns-api.path", "/sns")));
		assertThat(bind(Map.of("herald.server.sns-api.path", "/snsapi")).snsApi().path()).isEqualTo("/snsapi");
		assertThat(bind(Map.of("herald.server.sns-api.path", "/sns/local", "herald.server.sns.enabled", "false"))
			.snsApi()
			.path()).as("no clash while the SNS endpoint is off").isEqualTo("/sns/local");
	}

	private static ServerProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("herald.server",
				ServerProperties.class);
	}

}
