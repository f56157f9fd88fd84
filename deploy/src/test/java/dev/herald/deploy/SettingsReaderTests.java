package dev.herald.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.herald.deploy.HeraldSettings.ConsoleTarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the settings from the CDK context, and refusing settings that would deploy something broken. */
class SettingsReaderTests {

	private static final Map<String, Object> CDK_JSON = HeraldDeployApp.cdkJsonContext(Path.of("cdk.json"));

	@Test
	void shippedCdkJsonGivesTheDocumentedDefaults() {
		HeraldSettings settings = read(Map.of());
		assertThat(settings.functionsJar())
			.isEqualTo(Path.of("../notification-functions/target/notification-functions-" + SettingsReader.VERSION
					+ "-aws.jar"));
		assertThat(settings.ingest()).isEqualTo(new HeraldSettings.FunctionSettings(512, Duration.ofSeconds(30), 20));
		assertThat(settings.deliver()).isEqualTo(new HeraldSettings.FunctionSettings(1024, Duration.ofSeconds(60), 20));
		assertThat(settings.replay()).isEqualTo(new HeraldSettings.FunctionSettings(512, Duration.ofMinutes(5), 1));
		assertThat(settings.sweep()).isEqualTo(new HeraldSettings.FunctionSettings(512, Duration.ofSeconds(60), 1));
		assertThat(settings.delivery().maxReceiveCount()).isEqualTo(5);
		assertThat(settings.console().target()).isEqualTo(ConsoleTarget.NONE);
		assertThat(settings.sending().usesInstanceCredentials()).isFalse();
		assertThat(settings.alarms().deliveryProviders()).isEqualTo(SettingsReader.ALL_DELIVERY_PROVIDERS);
	}

	@Test
	void withoutAnyContextTheDefaultsAreTheSameAsShipped() {
		Map<String, Object> context = new HashMap<>();
		context.put("herald.database.proxyEndpoint", "proxy.example.com");
		context.put("herald.database.secretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf");
		HeraldSettings bare = SettingsReader.read(context::get);
		HeraldSettings shipped = read(Map.of());
		assertThat(bare.ingest()).isEqualTo(shipped.ingest());
		assertThat(bare.ingestHttp()).isEqualTo(shipped.ingestHttp());
		assertThat(bare.deliver()).isEqualTo(shipped.deliver());
		assertThat(bare.replay()).isEqualTo(shipped.replay());
		assertThat(bare.sweep()).isEqualTo(shipped.sweep());
		assertThat(bare.delivery()).isEqualTo(shipped.delivery());
		assertThat(bare.httpApi()).isEqualTo(shipped.httpApi());
		assertThat(bare.alarms()).isEqualTo(shipped.alarms());
		assertThat(bare.functionsJar()).isEqualTo(shipped.functionsJar());
		assertThat(bare.network().createsVpc()).isTrue();
	}

	@Test
	void aFlatContextKeyOverridesTheNestedValue() {
		HeraldSettings settings = read(Map.of("herald.functions.deliver.memoryMb", "2048", "herald.console.target",
				"ECS", "herald.console.image", "herald:1", "herald.topics.publisherAccounts",
				"111122223333, 444455556666"));
		assertThat(settings.deliver().memoryMb()).isEqualTo(2048);
		assertThat(settings.console().target()).isEqualTo(ConsoleTarget.ECS);
		assertThat(settings.topics().publisherAccounts()).containsExactly("111122223333", "444455556666");
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', value = {
			"herald.delivery.maxReceiveCount|4|maxReceiveCount must be at least 5",
			"herald.functions.deliver.timeoutSeconds|901|Lambda's limit",
			"herald.functions.ingest.memoryMb|64|memoryMb must be within 128..10240",
			"herald.functions.deliver.reservedConcurrency|5|must not exceed functions.deliver.reservedConcurrency",
			"herald.delivery.batchSize|50|batchSize above 10 needs a maxBatchingWindow",
			"herald.database.secretArn|arn:aws:secretsmanager:eu-west-1:123456789012:secret:db|complete Secrets",
			"herald.database.proxySecurityGroupId|''|needs database.proxySecurityGroupId or network.vpcCidr",
			"herald.console.target|ecs|needs console.image",
			"herald.topics.publisherAccounts|shop|12-digit account ids",
			"herald.sending.sesIdentityArns|arn:aws:ses:eu-west-1:123456789012:identity/*|no wildcards",
			"herald.alarms.failureRatePercent|0|failureRatePercent must be within 0..100" })
	void settingsThatWouldDeploySomethingBrokenAreRefused(String key, String value, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> read(Map.of(key, value))).withMessageContaining(message);
	}

	@Test
	void aConsoleInAnExistingVpcNeedsItsPublicSubnets() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> read(Map.of("herald.console.target", "jvm", "herald.network.publicSubnetIds", "")))
			.withMessageContaining("set network.publicSubnetIds");
	}

	@Test
	void unknownConsoleTargetIsRefused() {
		assertThatThrownBy(() -> read(Map.of("herald.console.target", "kubernetes")))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void logRetentionRoundsUpToWhatCloudWatchOffers() {
		assertThat(HeraldFunction.retention(1).name()).isEqualTo("ONE_DAY");
		assertThat(HeraldFunction.retention(30).name()).isEqualTo("ONE_MONTH");
		assertThat(HeraldFunction.retention(31).name()).isEqualTo("TWO_MONTHS");
		assertThat(HeraldFunction.retention(400).name()).isEqualTo("THIRTEEN_MONTHS");
		assertThat(HeraldFunction.retention(5000).name()).isEqualTo("INFINITE");
	}

	@Test
	void pushGrantsCoverTheEndpointsOfTheApplication() {
		assertThat(SendingPermissions.endpointsOf("arn:aws:sns:eu-west-1:123456789012:app/APNS/shop"))
			.isEqualTo("arn:aws:sns:eu-west-1:123456789012:endpoint/APNS/shop/*");
		assertThat(List.of(Stacks.PUSH_APPLICATION)).allSatisfy(
				(arn) -> assertThat(SendingPermissions.endpointsOf(arn)).endsWith(":endpoint/GCM/shop/*"));
	}

	private static HeraldSettings read(Map<String, Object> overrides) {
		Map<String, Object> context = new HashMap<>(CDK_JSON);
		context.putAll(overrides);
		return SettingsReader.read(context::get);
	}

}
