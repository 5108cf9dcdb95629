package io.hookgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookgate.address.CidrAllowlist;
import io.hookgate.config.ServerConfig;
import io.hookgate.dedup.Deduplicator;
import io.hookgate.intake.SourceTable;
import io.hookgate.intake.WebhookIntake;
import io.hookgate.metrics.GatewayMetrics;
import io.hookgate.publish.PublishResult;
import io.hookgate.testing.FakePublisher;
import io.hookgate.testing.TestRequests;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code server.max-buffered-bytes} across connections: bodies waiting for the broker count against
 * one server-wide bound, and a body that does not fit is answered 503 at once, unpublished.
 */
class BufferedBytesLimitTest {
  private static final int MAX_BODY = 100;
  private static final long MAX_BUFFERED = 150;

  private final FakePublisher publisher = new FakePublisher();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GatewayInitializer initializer = initializer();
  private final List<EmbeddedChannel> channels = new ArrayList<>();

  private GatewayInitializer initializer() {
    var server =
        new ServerConfig(
            new InetSocketAddress(0),
            MAX_BODY,
            CidrAllowlist.NONE,
            false,
            Duration.ofSeconds(10),
            ServerConfig.DEFAULT_MAX_REQUEST_LINE,
            ServerConfig.DEFAULT_MAX_HEADER_SIZE,
            ServerConfig.DEFAULT_IDLE_TIMEOUT,
            ServerConfig.DEFAULT_MAX_CONNECTIONS,
            Optional.empty(),
            MAX_BUFFERED,
            Duration.ofSeconds(1));
    var metrics = new GatewayMetrics(registry, List.of("test"));
    var intake = new WebhookIntake(new Deduplicator(Duration.ofHours(1), 100), publisher, metrics);
    SourceTable sources = new SourceTable(List.of(TestRequests.source()));
    return new GatewayInitializer(server, () -> sources, intake, metrics);
  }

  private EmbeddedChannel connect() {
    InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 40000 + channels.size());
    EmbeddedChannel channel =
        new EmbeddedChannel(initializer) {
          @Override
          protected SocketAddress remoteAddress0() {
            return remote;
          }
        };
    channels.add(channel);
    return channel;
  }

  @AfterEach
  void noBufferLeftBehind() {
    for (EmbeddedChannel channel : channels) {
      assertThat(channel.finishAndReleaseAll()).isFalse();
    }
  }

  private static void post(EmbeddedChannel channel, String id, int bodyBytes) {
    String body = "x".repeat(bodyBytes);
    String raw =
        "POST /hooks/test HTTP/1.1\r\nHost: x\r\n"
            + TestRequests.SIGNATURE
            + ": "
            + TestRequests.GOOD
            + "\r\nX-Event-Id: "
            + id
            + "\r\nContent-Length: "
            + bodyBytes
            + "\r\n\r\n"
            + body;
    channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.US_ASCII));
  }

  private static String responses(EmbeddedChannel channel) {
    channel.runPendingTasks();
    StringBuilder text = new StringBuilder();
    ByteBuf out;
    while ((out = channel.readOutbound()) != null) {
      text.append(out.toString(StandardCharsets.UTF_8));
      out.release();
    }
    return text.toString();
  }

  @Test
  void bodyBeyondTheServerWideBoundIs503AtOnceAndUnpublished() {
    EmbeddedChannel first = connect();
    EmbeddedChannel second = connect();
    post(first, "evt-1", 100);

    post(second, "evt-2", 60);

    assertThat(responses(second))
        .startsWith("HTTP/1.1 503 Service Unavailable\r\n")
        .contains("retry-after: 1\r\n")
        .endsWith("{\"status\":\"overloaded\"}");
    assertThat(publisher.messages()).hasSize(1);
    assertThat(responses(first)).isEmpty();
  }

  @Test
  void bytesAreGivenBackWhenTheAnswerIsKnown() {
    EmbeddedChannel first = connect();
    EmbeddedChannel second = connect();
    post(first, "evt-1", 100);
    post(second, "evt-2", 50);
    assertThat(publisher.messages()).hasSize(2);

    publisher.complete(0, PublishResult.ACK);
    assertThat(responses(first)).startsWith("HTTP/1.1 202 Accepted\r\n");
    post(first, "evt-3", 100);

    assertThat(publisher.messages()).hasSize(3);
    publisher.complete(1, PublishResult.NACK);
    publisher.complete(2, PublishResult.ACK);
    assertThat(responses(second)).startsWith("HTTP/1.1 503 Service Unavailable\r\n");
    assertThat(responses(first)).startsWith("HTTP/1.1 202 Accepted\r\n");
  }
}
