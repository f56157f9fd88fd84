package dev.herald.events;

/**
 * The shop's customer an event is about, as every event's {@code data.customer} carries it.
 *
 * @param id the shop's own customer id
 * @param email email address, may be {@code null} when the shop has none
 * @param phone phone number in E.164, may be {@code null}
 * @param locale BCP 47 language tag such as {@code ko-KR}, may be {@code null}
 * @param timeZone IANA zone id such as {@code Asia/Seoul}, may be {@code null}
 * @param name display name
 */
public record Customer(String id, String email, String phone, String locale, String timeZone, String name) {
}
