package dev.herald.channels.push.sns;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.herald.channels.ChannelProvider;
import dev.herald.channels.ChannelType;
import dev.herald.channels.ProviderSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SnsPushChannelProviderTests {

	private final SnsPushChannelProvider provider = new SnsPushChannelProvider();

	@Test
	void providerIsSnsPushAndNeedsOnlyARegion() {
		assertThat(this.provider.id()).isEqualTo("sns-push");
		assertThat(this.provider.channel()).isEqualTo(ChannelType.PUSH);
		assertThat(this.provider.requiredSettings()).containsExactly("region");
		assertThat(this.provider.requiredSecrets()).isEmpty();
	}

	@Test
	void missingRegionIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider.create(new ProviderSettings("sns-push", Map.of(), Map.of())))
			.withMessage("provider sns-push needs the setting 'region'");
	}

	@Test
	void apnsSandboxMustBeTrueOrFalse() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider
				.create(new ProviderSettings("sns-push", Map.of("region", "us-east-1", "apnsSandbox", "yes"),
						Map.of())))
			.withMessage("provider sns-push: the setting 'apnsSandbox' must be true or false");
	}

	@Test
	void providerIsABean() {
		new ApplicationContextRunner().withUserConfiguration(SnsPushConfiguration.class)
			.run((context) -> assertThat(context.getBeansOfType(ChannelProvider.class).values())
				.extracting(ChannelProvider::id)
				.containsExactly("sns-push"));
	}

}
