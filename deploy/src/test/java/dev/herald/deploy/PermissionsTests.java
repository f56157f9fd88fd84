package dev.herald.deploy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Template;

import dev.herald.deploy.TemplateJson.Statement;

import static dev.herald.deploy.TemplateJson.attachedRoles;
import static dev.herald.deploy.TemplateJson.properties;
import static dev.herald.deploy.TemplateJson.resources;
import static dev.herald.deploy.TemplateJson.roleId;
import static dev.herald.deploy.TemplateJson.statements;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Least privilege: every policy statement in every variant of the template is checked for wildcards, with only the
 * exceptions AWS forces, each named here with its reason.
 */
class PermissionsTests {

	/** Lambda's ENI management: these two Describe actions support no resource-level permissions at all. */
	private static final Set<String> DESCRIBE_ONLY_ON_EVERYTHING = Set.of("ec2:DescribeNetworkInterfaces",
			"ec2:DescribeSubnets");

	/** Network interfaces Lambda creates have ids nobody knows beforehand: this account's, in this region. */
	private static final Pattern ANY_NETWORK_INTERFACE = Pattern
		.compile("arn:\\$\\{AWS::Partition}:ec2:\\$\\{AWS::Region}:\\$\\{AWS::AccountId}:network-interface/\\*");

	/** Devices' SNS endpoints are created at run time under an application the operator named. */
	private static final Pattern ENDPOINTS_OF_AN_APPLICATION = Pattern
		.compile("arn:aws:sns:[a-z0-9-]+:\\d{12}:endpoint/[A-Z_]+/[A-Za-z0-9_.-]+/\\*");

	@Test
	void noStatementInAnyVariantGrantsAWildcardBeyondTheDocumentedExceptions() {
		// Every variant, including the one with per-tenant SES status topics (kept out of all() for its counts).
		Map<String, Template> variants = new java.util.LinkedHashMap<>(Stacks.all());
		variants.put("sesStatus", Stacks.sesStatus());
		variants.forEach((variant, template) -> {
			List<Statement> statements = statements(template);
			assertThat(statements).as(variant).hasSizeGreaterThan(20);
			for (Statement statement : statements) {
				String where = variant + ": " + statement.resourceId() + " " + statement.json();
				assertThat(statement.json()).as(where).doesNotContainKey("NotAction");
				if (!statement.allows()) {
					// A Deny only narrows; the stack's Deny statements are all "TLS only" guards.
					assertThat(statement.json().get("Condition")).as(where)
						.isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
					continue;
				}
				for (String action : statement.actions()) {
					assertThat(action).as(where).doesNotContain("*");
				}
				if (statement.json().containsKey("NotResource")) {
					assertSmsOnly(statement, where);
					continue;
				}
				if (isRolePolicy(statement) || statement.json().containsKey("Resource")) {
					for (String resource : statement.resources()) {
						assertResourceAllowed(statement, resource, where);
					}
				}
			}
		});
	}

	@Test
	void theExceptionsAreExactlyTheOnesDocumented() {
		Template full = Stacks.full();
		List<Statement> starred = statements(full).stream()
			.filter(Statement::allows)
			.filter((statement) -> statement.resources().stream().anyMatch((resource) -> resource.contains("*"))
					|| statement.json().containsKey("NotResource"))
			.toList();
		// Per function: Describe on *, Create and Delete/Assign on any interface. Then SMS and push for deliver.
		assertThat(starred).hasSize(6 * 3 + 2);
		assertThat(starred.stream().filter((statement) -> statement.resources().equals(List.of("*"))))
			.hasSize(6)
			.allSatisfy((statement) -> assertThat(statement.sid()).isEqualTo(HeraldFunction.ENI_DESCRIBE_SID));
	}

	@Test
	void functionRolesHoldNoManagedPolicies() {
		// AWSLambdaBasicExecutionRole and AWSLambdaVPCAccessExecutionRole allow their actions on "*".
		for (Template template : Stacks.all().values()) {
			resources(template, "AWS::IAM::Role").values()
				.forEach((role) -> assertThat(properties(role)).doesNotContainKey("ManagedPolicyArns"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "ingestSns", "ingestHttp", "deliverSqs", "sendWebhooks" })
	void everyFunctionReadsBothSecrets(String definition) {
		Template template = Stacks.shipped();
		String role = roleId(template, definition);
		String sealingKey = resources(template, "AWS::SecretsManager::Secret").keySet().iterator().next();
		List<List<String>> read = statements(template).stream()
			.filter((statement) -> statement.actions().contains("secretsmanager:GetSecretValue"))
			.filter((statement) -> attachedRoles(template, statement.resourceId()).contains(role))
			.map(Statement::resources)
			.toList();
		assertThat(read).containsExactlyInAnyOrder(
				List.of(Stacks.DATABASE_SECRET),
				List.of("${" + sealingKey + "}"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "replayDeadLetters", "requeueStranded" })
	void maintenanceFunctionsReadTheDatabaseSecretButNotTheSealingKey(String definition) {
		Template template = Stacks.shipped();
		String role = roleId(template, definition);
		List<List<String>> read = statements(template).stream()
			.filter((statement) -> statement.actions().contains("secretsmanager:GetSecretValue"))
			.filter((statement) -> attachedRoles(template, statement.resourceId()).contains(role))
			.map(Statement::resources)
			.toList();
		assertThat(read).containsExactly(List.of(Stacks.DATABASE_SECRET));
	}

	@Test
	void onlyHeraldsComputeMayReadTheSecrets() {
		Set<String> functions = Set.of("IngestRole", "IngestHttpRole", "DeliverRole", "ReplayRole", "SweepRole",
				"WebhooksRole");
		Map<String, Set<String>> readers = Map.of("shipped", functions, "full",
				union(functions, "ConsoleServiceTaskDefExecutionRole"), "jvm", union(functions, "ConsoleRole"));
		Stacks.all().forEach((variant, template) -> {
			Set<String> reading = new HashSet<>();
			for (Statement statement : statements(template)) {
				if (statement.actions().stream().anyMatch((action) -> action.startsWith("secretsmanager:"))) {
					assertThat(statement.actions()).as(variant)
						.containsExactlyInAnyOrder("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret");
					assertThat(statement.resourceType()).isEqualTo("AWS::IAM::Policy");
					for (String role : attachedRoles(template, statement.resourceId())) {
						// Logical ids are the construct path plus an 8-digit hash: the prefix names the role.
						reading.add(role.substring(0, role.length() - 8));
					}
				}
			}
			assertThat(reading).as(variant).isEqualTo(readers.get(variant));
			assertThat(resources(template, "AWS::SecretsManager::ResourcePolicy")).isEmpty();
		});
	}

	private static Set<String> union(Set<String> set, String element) {
		Set<String> union = new HashSet<>(set);
		union.add(element);
		return union;
	}

	@Test
	void shippedStackCannotSendThroughAwsOnItsOwn() {
		assertThat(statements(Stacks.shipped())).filteredOn(Statement::allows)
			.noneSatisfy((statement) -> assertThat(statement.actions())
				.anySatisfy((action) -> assertThat(action).matches("ses:.*|sns:Publish")));
	}

	@Test
	void deliverMaySendOnlyAsTheConfiguredIdentitiesNumbersAndApplications() {
		Template full = Stacks.full();
		String deliver = roleId(full, "deliverSqs");
		List<Statement> sending = statements(full).stream()
			.filter((statement) -> statement.actions()
				.stream()
				.anyMatch((action) -> action.matches("ses:.*|sns:Publish")))
			.filter((statement) -> statement.resourceType().equals("AWS::IAM::Policy"))
			.toList();
		assertThat(sending).hasSize(3)
			.allSatisfy((statement) -> assertThat(attachedRoles(full, statement.resourceId()))
				.containsExactly(deliver));
		assertThat(sending).anySatisfy((statement) -> {
			assertThat(statement.actions()).containsExactlyInAnyOrder("ses:SendEmail", "ses:SendRawEmail");
			assertThat(statement.resources()).containsExactlyInAnyOrder(Stacks.SES_IDENTITY,
					Stacks.SES_CONFIGURATION_SET);
		});
		assertThat(sending).anySatisfy((statement) -> {
			assertThat(statement.sid()).isEqualTo(SendingPermissions.SMS_SID);
			assertThat(statement.actions()).containsExactly("sns:Publish");
			assertThat(statement.notResources()).containsExactly("arn:${AWS::Partition}:sns:*:*:*");
		});
		assertThat(sending).anySatisfy((statement) -> {
			assertThat(statement.actions()).containsExactly("sns:Publish");
			assertThat(statement.resources()).containsExactly("arn:aws:sns:eu-west-1:123456789012:endpoint/GCM/shop/*");
		});
	}

	@Test
	void queueAccessIsSendForTheFunctionsAndConsumeForDeliverOnly() {
		Template template = Stacks.shipped();
		String queue = DeliveryQueueTests.deliveriesQueue(template);
		for (String definition : List.of("ingestSns", "ingestHttp", "deliverSqs", "replayDeadLetters",
				"requeueStranded")) {
			String role = roleId(template, definition);
			assertThat(statements(template)).anySatisfy((statement) -> {
				assertThat(attachedRoles(template, statement.resourceId())).contains(role);
				assertThat(statement.actions()).contains("sqs:SendMessage");
				assertThat(statement.resources()).containsExactly("${" + queue + ".Arn}");
			});
		}
	}

	@Test
	void theReplayConsumesTheDeadLetterQueueAndNothingElseTouchesIt() {
		Template template = Stacks.shipped();
		String deadLetters = "${" + DeliveryQueueTests.deliveriesDeadLetterQueue(template) + ".Arn}";
		List<Statement> onDeadLetters = statements(template).stream()
			.filter(Statement::allows)
			.filter(PermissionsTests::isRolePolicy)
			.filter((statement) -> statement.resources().contains(deadLetters))
			.toList();
		assertThat(onDeadLetters).singleElement().satisfies((statement) -> {
			assertThat(attachedRoles(template, statement.resourceId()))
				.containsExactly(roleId(template, "replayDeadLetters"));
			assertThat(statement.actions()).containsExactlyInAnyOrder("sqs:ReceiveMessage",
					"sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:DeleteMessage", "sqs:GetQueueAttributes");
			assertThat(statement.resources()).containsExactly(deadLetters);
		});
	}

	@Test
	void theWebhookSenderReadsTheTwoSecretsAndIsGrantedNothingElse() {
		Template template = Stacks.shipped();
		String role = roleId(template, "sendWebhooks");
		List<Statement> granted = statements(template).stream()
			.filter(Statement::allows)
			.filter(PermissionsTests::isRolePolicy)
			.filter((statement) -> attachedRoles(template, statement.resourceId()).contains(role))
			.filter((statement) -> !statement.actions().stream().allMatch((action) -> action.startsWith("ec2:")
					|| action.startsWith("logs:")))
			.toList();
		assertThat(granted).isNotEmpty()
			.allSatisfy((statement) -> assertThat(statement.actions())
				.containsExactlyInAnyOrder("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"));
	}

	private static boolean isRolePolicy(Statement statement) {
		return statement.resourceType().equals("AWS::IAM::Policy");
	}

	private static void assertSmsOnly(Statement statement, String where) {
		assertThat(statement.sid()).as(where).isEqualTo(SendingPermissions.SMS_SID);
		assertThat(statement.actions()).as(where).containsExactly("sns:Publish");
		assertThat(statement.notResources()).as(where).containsExactly("arn:${AWS::Partition}:sns:*:*:*");
	}

	private static void assertResourceAllowed(Statement statement, String resource, String where) {
		if (!resource.contains("*")) {
			return;
		}
		if (resource.equals("*")) {
			assertThat(statement.sid()).as(where).isEqualTo(HeraldFunction.ENI_DESCRIBE_SID);
			assertThat(Set.copyOf(statement.actions())).as(where).isEqualTo(DESCRIBE_ONLY_ON_EVERYTHING);
		}
		else if (ANY_NETWORK_INTERFACE.matcher(resource).matches()) {
			assertThat(statement.actions()).as(where)
				.allSatisfy((action) -> assertThat(action).isIn("ec2:CreateNetworkInterface",
						"ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
						"ec2:UnassignPrivateIpAddresses"));
		}
		else {
			assertThat(resource).as(where).matches(ENDPOINTS_OF_AN_APPLICATION);
			assertThat(statement.sid()).as(where).isEqualTo(SendingPermissions.PUSH_SID);
			assertThat(statement.actions()).as(where).containsExactly("sns:Publish");
		}
	}

}
