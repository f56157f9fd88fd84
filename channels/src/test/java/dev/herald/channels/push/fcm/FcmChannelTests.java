package dev.herald.channels.push.fcm;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.herald.channels.Channel;
import dev.herald.channels.ChannelType;
import dev.herald.channels.DeliveryResult;
import dev.herald.channels.DeliveryResult.Cause;
import dev.herald.channels.DeliveryResult.Delivered;
import dev.herald.channels.DeliveryResult.Rejected;
import dev.herald.channels.DeliveryResult.RetryLater;
import dev.herald.channels.OutboundMessage;
import dev.herald.channels.PushTarget;

import static org.assertj.core.api.Assertions.assertThat;

class FcmChannelTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final FcmFixture fixture = new FcmFixture();

	private final Channel channel = this.fixture.channel();

	FcmChannelTests() throws IOException {
	}

	@AfterEach
	void stopFake() {
		this.fixture.close();
	}

	@Test
	void notificationIsPostedToTheProjectsSendEndpointWithTheAccessTokenAndDeliveredUnderFcmsMessageName() {
		DeliveryResult result = this.channel.send(FcmFixture.push(Map.of("url", "https://shop.test/orders/1042")));

		assertThat(result).isEqualTo(new Delivered("fcm", "projects/demo-project/messages/0:1700000000000000%1"));
		assertThat(this.fixture.google.sends()).singleElement().satisfies((send) -> {
			assertThat(send.method()).isEqualTo("POST");
			assertThat(send.path()).isEqualTo("/v1/projects/demo-project/messages:send");
			assertThat(send.header("authorization")).isEqualTo("Bearer ya29.fake-access-token-1");
			assertThat(send.header("content-type")).isEqualTo("application/json; charset=UTF-8");
			assertThat(send.json()).isEqualTo(JSON.readTree("""
					{"message": {
						"token": "%s",
						"notification": {"title": "Your order has shipped", "body": "Order #1042 is on its way"},
						"data": {"url": "https://shop.test/orders/1042"},
						"android": {"priority": "high"}
					}}""".formatted(FcmFixture.DEVICE_TOKEN)));
		});
	}

	@Test
	void lowUrgencyLowersThePriorityOnAndroidAndOnApplesDevicesAndStaysInTheData() {
		this.channel.send(FcmFixture.push(Map.of("urgency", "low", "promo", "spring")));

		assertThat(this.fixture.google.sends().getFirst().json()).isEqualTo(JSON.readTree("""
				{"message": {
					"token": "%s",
					"notification": {"title": "Your order has shipped", "body": "Order #1042 is on its way"},
					"data": {"promo": "spring", "urgency": "low"},
					"android": {"priority": "normal"},
					"apns": {"headers": {"apns-priority": "5"}}
				}}""".formatted(FcmFixture.DEVICE_TOKEN)));
	}

	@Test
	void messageWithoutTitleOrDataSendsOnlyTheBody() {
		OutboundMessage bodyOnly = new OutboundMessage(UUID.randomUUID(), FcmFixture.TENANT, ChannelType.PUSH,
				FcmFixture.DEVICE_TOKEN, null, null, null, "Your parcel is at the door", Map.of(),
				new PushTarget(PushTarget.FCM, FcmFixture.DEVICE_TOKEN, Map.of()));

		this.channel.send(bodyOnly);

		assertThat(this.fixture.google.sends().getFirst().json()).isEqualTo(JSON.readTree("""
				{"message": {
					"token": "%s",
					"notification": {"body": "Your parcel is at the door"},
					"android": {"priority": "high"}
				}}""".formatted(FcmFixture.DEVICE_TOKEN)));
	}

	@Test
	void textIsSentAsUtf8Json() {
		OutboundMessage message = new OutboundMessage(UUID.randomUUID(), FcmFixture.TENANT, ChannelType.PUSH,
				FcmFixture.DEVICE_TOKEN, null, "Commande expédiée \"vite\"", null, "Ваш заказ 📦", Map.of(),
				new PushTarget(PushTarget.FCM, FcmFixture.DEVICE_TOKEN, Map.of()));

		this.channel.send(message);

		assertThat(this.fixture.google.sends().getFirst().json().at("/message/notification"))
			.isEqualTo(JSON.readTree("{\"title\":\"Commande expédiée \\\"vite\\\"\",\"body\":\"Ваш заказ 📦\"}"));
	}

	@Test
	void projectIdSettingOverridesTheServiceAccountsProject() throws IOException {
		this.channel.send(FcmFixture.push(Map.of()));
		Channel other = this.fixture.provider.create(this.fixture.settings(Map.of("projectId", "other-project")));

		DeliveryResult result = other.send(FcmFixture.push(Map.of()));

		assertThat(this.fixture.google.sends()).last()
			.satisfies((send) -> assertThat(send.path()).isEqualTo("/v1/projects/other-project/messages:send"));
		// The fake knows only demo-project: a project FCM does not know is the operator's to fix.
		assertThat(result).isInstanceOfSatisfying(RetryLater.class,
				(retry) -> assertThat(retry.reason()).contains("404").contains("'projectId'"));
	}

	@Test
	void channelReachesOnlyFcmDevices() {
		assertThat(this.channel.type()).isEqualTo(ChannelType.PUSH);
		assertThat(this.channel.provider()).isEqualTo("fcm");
		assertThat(this.channel.supports(FcmFixture.push(Map.of()))).isTrue();
		assertThat(this.channel.supports(devicePush(PushTarget.APNS))).isFalse();
		assertThat(this.channel.supports(devicePush(PushTarget.WEB_PUSH))).isFalse();
		assertThat(this.channel.supports(devicePush(PushTarget.SNS))).isFalse();
		assertThat(this.channel.supports(new OutboundMessage(UUID.randomUUID(), FcmFixture.TENANT, ChannelType.SMS,
				"+14155550100", null, null, null, "hi"))).isFalse();
	}

	@Test
	void messageForAnotherPlatformIsRejectedWithoutContactingGoogle() {
		DeliveryResult result = this.channel.send(devicePush(PushTarget.APNS));

		assertThat(result).isInstanceOfSatisfying(Rejected.class,
				(rejected) -> assertThat(rejected.cause()).isEqualTo(Cause.OTHER));
		assertThat(this.fixture.google.tokenRequests()).isEmpty();
		assertThat(this.fixture.google.sends()).isEmpty();
	}

	@Test
	void blankRegistrationTokenIsAnInvalidAddressWithoutContactingGoogle() {
		DeliveryResult result = this.channel.send(FcmFixture.push(UUID.randomUUID(), " ", Map.of()));

		assertThat(result).isInstanceOfSatisfying(Rejected.class,
				(rejected) -> assertThat(rejected.cause()).isEqualTo(Cause.INVALID_ADDRESS));
		assertThat(this.fixture.google.tokenRequests()).isEmpty();
	}

	private static OutboundMessage devicePush(String platform) {
		return new OutboundMessage(UUID.randomUUID(), FcmFixture.TENANT, ChannelType.PUSH, "token", null, "t", null,
				"b", Map.of(), new PushTarget(platform, "token", Map.of()));
	}

}
