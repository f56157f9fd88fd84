package dev.herald.functions.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.herald.db.delivery.DeliveryRepository.NewDelivery;
import dev.herald.db.delivery.DeliveryState;
import dev.herald.db.device.DeviceRepository.Device;
import dev.herald.db.subscription.SubscriptionRepository.FixedRecipient;
import dev.herald.db.subscription.SubscriptionRepository.Subscription;
import dev.herald.db.suppression.SuppressionRepository.Suppression;
import dev.herald.db.tenant.Tenant;
import dev.herald.events.Customer;

/**
 * Turns an event's matching subscriptions into deliveries: one per subscription, channel and recipient. A channel the
 * recipient cannot be reached on still gets a delivery, marked skipped with the reason, so nothing vanishes unseen.
 */
final class FanOut {

	private FanOut() {
	}

	static List<NewDelivery> deliveries(Tenant tenant, UUID eventRef, Customer customer,
			List<Subscription> subscriptions, Function<String, List<Device>> devicesOf) {
		List<NewDelivery> deliveries = new ArrayList<>();
		for (Subscription subscription : subscriptions) {
			for (String channel : subscription.channels()) {
				switch (subscription.recipientRule()) {
					case CUSTOMER -> {
						if (channel.equals("push")) {
							deliveries.addAll(toDevices(tenant, eventRef, customer, subscription, devicesOf));
						}
						else {
							deliveries.add(toCustomer(tenant, eventRef, customer, subscription, channel));
						}
					}
					case FIXED -> {
						for (FixedRecipient recipient : subscription.fixedRecipients()) {
							if (recipient.channel().equals(channel)) {
								deliveries.add(delivery(tenant, eventRef, subscription, channel, recipient.address(),
										recipient.name(), recipient.locale(), DeliveryState.PENDING, null));
							}
						}
					}
				}
			}
		}
		return deliveries;
	}

	/**
	 * The deliveries, with those to a suppressed email address or number skipped, each with the suppression's reason.
	 * @param suppressed the suppressed ones among a channel's addresses, by address as given
	 */
	static List<NewDelivery> withoutSuppressed(List<NewDelivery> deliveries,
			BiFunction<String, List<String>, Map<String, Suppression>> suppressed) {
		List<NewDelivery> result = new ArrayList<>(deliveries);
		for (String channel : List.of("email", "sms")) {
			List<String> addresses = deliveries.stream()
				.filter((d) -> d.channel().equals(channel) && d.state() == DeliveryState.PENDING)
				.map(NewDelivery::recipient)
				.distinct()
				.toList();
			if (addresses.isEmpty()) {
				continue;
			}
			Map<String, Suppression> found = suppressed.apply(channel, addresses);
			if (found.isEmpty()) {
				continue;
			}
			result.replaceAll((d) -> (d.channel().equals(channel) && d.state() == DeliveryState.PENDING
					&& found.containsKey(d.recipient())) ? skipped(d, found.get(d.recipient()).describe()) : d);
		}
		return result;
	}

	private static NewDelivery skipped(NewDelivery d, String reason) {
		return new NewDelivery(d.id(), d.tenantId(), d.eventRef(), d.subscriptionId(), d.channel(), d.recipient(),
				d.recipientName(), d.recipientLocale(), d.templateKey(), DeliveryState.SKIPPED, d.maxAttempts(), reason);
	}

	/** One push delivery per device the customer registered; the delivery's recipient is the device's id. */
	private static List<NewDelivery> toDevices(Tenant tenant, UUID eventRef, Customer customer,
			Subscription subscription, Function<String, List<Device>> devicesOf) {
		List<Device> devices = (customer.id() != null) ? devicesOf.apply(customer.id()) : List.of();
		if (devices.isEmpty()) {
			return List.of(delivery(tenant, eventRef, subscription, "push", "customer:" + customer.id(),
					customer.name(), customer.locale(), DeliveryState.SKIPPED, "the customer has no registered push device"));
		}
		return devices.stream()
			.map((device) -> delivery(tenant, eventRef, subscription, "push", device.id().toString(), customer.name(),
					customer.locale(), DeliveryState.PENDING, null))
			.toList();
	}

	private static NewDelivery toCustomer(Tenant tenant, UUID eventRef, Customer customer, Subscription subscription,
			String channel) {
		String address = switch (channel) {
			case "email" -> customer.email();
			case "sms" -> customer.phone();
			default -> null;
		};
		if (address == null || address.isBlank()) {
			String reason = switch (channel) {
				case "email" -> "the customer has no email address";
				case "sms" -> "the customer has no phone number";
				default -> "the customer has no registered " + channel + " device";
			};
			return delivery(tenant, eventRef, subscription, channel, "customer:" + customer.id(), customer.name(),
					customer.locale(), DeliveryState.SKIPPED, reason);
		}
		return delivery(tenant, eventRef, subscription, channel, address, customer.name(), customer.locale(),
				DeliveryState.PENDING, null);
	}

	private static NewDelivery delivery(Tenant tenant, UUID eventRef, Subscription subscription, String channel,
			String recipient, String name, String locale, DeliveryState state, String reason) {
		return new NewDelivery(UUID.randomUUID(), tenant.id(), eventRef, subscription.id(), channel, recipient, name,
				locale, subscription.templateKey(), state, tenant.maxAttempts(), reason);
	}

}
