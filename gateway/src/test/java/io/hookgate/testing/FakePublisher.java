package io.hookgate.testing;

import io.hookgate.publish.OutboundMessage;
import io.hookgate.publish.PublishResult;
import io.hookgate.publish.Publisher;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A publisher for handler unit tests: records every message and leaves its future for the test to
 * complete, or completes it at once with a fixed result.
 */
public final class FakePublisher implements Publisher {
  private final List<OutboundMessage> messages = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<PublishResult>> futures = new CopyOnWriteArrayList<>();
  private volatile PublishResult immediate;

  /** Completes every later publish at once with {@code result} ({@code null}: leave pending). */
  public FakePublisher answering(PublishResult result) {
    this.immediate = result;
    return this;
  }

  @Override
  public CompletableFuture<PublishResult> publish(OutboundMessage message) {
    messages.add(message);
    CompletableFuture<PublishResult> future = new CompletableFuture<>();
    futures.add(future);
    PublishResult result = immediate;
    if (result != null) {
      future.complete(result);
    }
    return future;
  }

  /** Messages published so far, in order. */
  public List<OutboundMessage> messages() {
    return messages;
  }

  /** Completes the {@code index}-th publish with {@code result}. */
  public void complete(int index, PublishResult result) {
    futures.get(index).complete(result);
  }
}
