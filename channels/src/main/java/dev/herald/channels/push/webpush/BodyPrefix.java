package dev.herald.channels.push.webpush;

import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Keeps the first bytes of a response body and drops the rest: enough of a push service's error answer to explain a
 * failure in a reason, without letting a misbehaving server fill memory.
 */
final class BodyPrefix implements BodySubscriber<String> {

	private final CompletableFuture<String> result = new CompletableFuture<>();

	private final ByteBuffer kept;

	BodyPrefix(int limit) {
		this.kept = ByteBuffer.allocate(limit);
	}

	@Override
	public CompletionStage<String> getBody() {
		return this.result;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(List<ByteBuffer> buffers) {
		for (ByteBuffer buffer : buffers) {
			int take = Math.min(buffer.remaining(), this.kept.remaining());
			this.kept.put(buffer.slice(buffer.position(), take));
			buffer.position(buffer.limit());
		}
	}

	@Override
	public void onError(Throwable failure) {
		this.result.completeExceptionally(failure);
	}

	@Override
	public void onComplete() {
		this.kept.flip();
		try {
			this.result.complete(StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPLACE)
				.onUnmappableCharacter(CodingErrorAction.REPLACE)
				.decode(this.kept)
				.toString());
		}
		catch (java.nio.charset.CharacterCodingException ex) {
			this.result.complete("");
		}
	}

}
