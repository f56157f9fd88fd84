package dev.herald.db.device;

import java.util.Map;

import dev.herald.db.device.DeviceRepository.Device;
import dev.herald.db.tenant.TenantId;
import dev.herald.db.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceRepositoryIntegrationTests {

	private final TestData data = new TestData();

	private final DeviceRepository devices = new DeviceRepository(this.data.jdbc);

	private final TenantId tenant = this.data.tenant().id();

	@Test
	void aRecipientsDevicesAreListedWithTheirKeys() {
		this.devices.register(this.tenant, "cus_1", "webpush", "https://push.example/ep/1",
				Map.of("p256dh", "BKey", "auth", "secret"));
		this.devices.register(this.tenant, "cus_1", "fcm", "fcm-token", Map.of());
		this.devices.register(this.tenant, "cus_2", "apns", "apns-token", Map.of());

		assertThat(this.devices.list(this.tenant, "cus_1")).extracting(Device::platform).containsExactly("webpush", "fcm");
		assertThat(this.devices.list(this.tenant, "cus_1").getFirst().keys()).containsEntry("p256dh", "BKey");
	}

	@Test
	void registeringATokenAgainRefreshesItAndForAnotherRecipientMovesIt() {
		Device first = this.devices.register(this.tenant, "cus_1", "fcm", "shared-phone", Map.of());

		Device again = this.devices.register(this.tenant, "cus_2", "fcm", "shared-phone", Map.of());

		assertThat(again.id()).isEqualTo(first.id());
		assertThat(this.devices.list(this.tenant, "cus_1")).isEmpty();
		assertThat(this.devices.list(this.tenant, "cus_2")).extracting(Device::id).containsExactly(first.id());
	}

	@Test
	void aDeviceIsRemovedOnlyByItsRecipientOrForgottenWhenGone() {
		Device device = this.devices.register(this.tenant, "cus_1", "apns", "tok", Map.of());

		assertThat(this.devices.remove(this.tenant, "cus_other", device.id())).isFalse();
		assertThat(this.devices.remove(this.tenant, "cus_1", device.id())).isTrue();
		Device back = this.devices.register(this.tenant, "cus_1", "apns", "tok", Map.of());
		assertThat(this.devices.forget(this.tenant, back.id())).isTrue();
		assertThat(this.devices.find(this.tenant, back.id())).isEmpty();
	}

}
