package dev.herald.deploy;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;

import dev.herald.deploy.HeraldSettings.SendingSettings;

/**
 * What {@code deliver} may send through AWS with its own role, for tenants the operator lets use the instance's
 * credentials. Nothing unless the settings name identities, SMS or push applications.
 */
final class SendingPermissions {

	static final String SMS_SID = "SmsToPhoneNumbersOnlyNotTopicsOrEndpoints";

	static final String PUSH_SID = "PushToEndpointsOfConfiguredApplications";

	private SendingPermissions() {
	}

	static void grant(Role role, SendingSettings settings) {
		if (!settings.sesIdentityArns().isEmpty()) {
			// SES v2 SendEmail is authorized against the sending identity and, if used, the configuration set.
			List<String> resources = new ArrayList<>(settings.sesIdentityArns());
			resources.addAll(settings.sesConfigurationSetArns());
			role.addToPrincipalPolicy(PolicyStatement.Builder.create()
				.actions(List.of("ses:SendEmail", "ses:SendRawEmail"))
				.resources(resources)
				.build());
		}
		if (settings.sms()) {
			// A phone number is not an ARN: SNS authorizes an SMS against the number itself ("+4917…"), so no
			// Resource can name it. NotResource on every SNS ARN allows exactly the non-ARN targets, i.e. phone
			// numbers, and no topic or platform endpoint (AWS's own Cognito SMS role does the same with a Deny).
			Stack stack = Stack.of(role);
			role.addToPrincipalPolicy(PolicyStatement.Builder.create()
				.sid(SMS_SID)
				.actions(List.of("sns:Publish"))
				.notResources(List.of(stack.formatArn(ArnComponents.builder()
					.service("sns")
					.region("*")
					.account("*")
					.resource("*")
					.arnFormat(ArnFormat.NO_RESOURCE_NAME)
					.build())))
				.build());
		}
		if (!settings.pushApplicationArns().isEmpty()) {
			// Devices' endpoints are created at run time under their application: arn:…:endpoint/GCM/app/<uuid>.
			role.addToPrincipalPolicy(PolicyStatement.Builder.create()
				.sid(PUSH_SID)
				.actions(List.of("sns:Publish"))
				.resources(settings.pushApplicationArns().stream().map(SendingPermissions::endpointsOf).toList())
				.build());
		}
	}

	/** {@code arn:aws:sns:eu-west-1:123456789012:app/GCM/shop} → {@code …:endpoint/GCM/shop/*}. */
	static String endpointsOf(String applicationArn) {
		return applicationArn.replace(":app/", ":endpoint/") + "/*";
	}

}
