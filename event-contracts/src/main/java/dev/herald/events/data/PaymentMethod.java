package dev.herald.events.data;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a customer paid, as payment events name it. */
public enum PaymentMethod {

	CARD("card"),
	BANK_TRANSFER("bank_transfer"),
	/** A one-off account number to transfer to, common in Korea. */
	VIRTUAL_ACCOUNT("virtual_account"),
	/** Apple Pay, Google Pay, PayPal, Kakao Pay and the like. */
	WALLET("wallet"),
	/** Charged to the phone bill. */
	MOBILE_CARRIER("mobile_carrier"),
	BUY_NOW_PAY_LATER("buy_now_pay_later"),
	GIFT_CARD("gift_card"),
	CASH_ON_DELIVERY("cash_on_delivery"),
	OTHER("other");

	private final String wireName;

	PaymentMethod(String wireName) {
		this.wireName = wireName;
	}

	/** The value in the event's {@code method} field, e.g. {@code bank_transfer}. */
	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	@Override
	public String toString() {
		return this.wireName;
	}

}
