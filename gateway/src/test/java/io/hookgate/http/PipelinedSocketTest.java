package io.hookgate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookgate.address.CidrAllowlist;
import io.hookgate.config.ServerConfig;
import io.hookgate.dedup.Deduplicator;
import io.hookgate.intake.SourceTable;
import io.hookgate.intake.WebhookIntake;
import io.hookgate.metrics.GatewayMetrics;
import io.hookgate.publish.PublishResult;
import io.hookgate.testing.FakePublisher;
import io.hookgate.testing.RawConnection;
import io.hookgate.testing.TestRequests;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real pipeline on a real socket with a publisher whose confirms the test hands out, so they
 * can come back in exactly the wrong order.
 */
class PipelinedSocketTest {
  private final FakePublisher publisher = new FakePublisher();
  private final EventLoopGroup group = Transport.NIO.newGroup(2);
  private GatewayServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private int start() throws Exception {
    var config =
        new ServerConfig(
            new InetSocketAddress("127.0.0.1", 0),
            1024,
            CidrAllowlist.NONE,
            false,
            Duration.ofSeconds(10));
    var metrics = new GatewayMetrics(new SimpleMeterRegistry(), List.of("test"));
    var intake = new WebhookIntake(new Deduplicator(Duration.ofHours(1), 100), publisher, metrics);
    var sources = new SourceTable(List.of(TestRequests.source()));
    var initializer = new GatewayInitializer(config, () -> sources, intake, metrics);
    server = GatewayServer.bind(Transport.NIO, group, group, config.listen(), initializer);
    return server.address().getPort();
  }

  private static String post(String id) {
    return "POST /hooks/test HTTP/1.1\r\nHost: x\r\n"
        + TestRequests.SIGNATURE
        + ": good\r\nX-Event-Id: "
        + id
        + "\r\nContent-Length: 2\r\n\r\n{}";
  }

  @Test
  void answersKeepRequestOrderWhenConfirmsArriveInReverse() throws Exception {
    try (RawConnection connection = RawConnection.open(start())) {
      connection.send(post("evt-0") + post("evt-1") + post("evt-2"));
      await().until(() -> publisher.messages().size() == 3);

      publisher.complete(2, PublishResult.ACK);
      publisher.complete(1, PublishResult.NACK);
      publisher.complete(0, PublishResult.ACK);

      assertThat(connection.readResponse()).startsWith("HTTP/1.1 202 ").contains("\"evt-0\"");
      assertThat(connection.readResponse()).startsWith("HTTP/1.1 503 ").contains("\"evt-1\"");
      assertThat(connection.readResponse()).startsWith("HTTP/1.1 202 ").contains("\"evt-2\"");
    }
  }

  @Test
  void continueWaitsForTheAnswersOwedToEarlierRequests() throws Exception {
    String expecting =
        "POST /hooks/test HTTP/1.1\r\nHost: x\r\n"
            + TestRequests.SIGNATURE
            + ": good\r\nX-Event-Id: evt-1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n";
    try (RawConnection connection = RawConnection.open(start())) {
      // The client sends the body without waiting (RFC 9110 allows it), so once all three are
      // published the server has long read the expecting head, while evt-0's answer is still owed.
      connection.send(post("evt-0") + expecting + "{}" + post("evt-2"));
      await().until(() -> publisher.messages().size() == 3);

      publisher.complete(2, PublishResult.ACK);
      publisher.complete(1, PublishResult.ACK);
      publisher.complete(0, PublishResult.ACK);

      assertThat(connection.readResponse()).startsWith("HTTP/1.1 202 ").contains("\"evt-0\"");
      assertThat(connection.readResponse()).startsWith("HTTP/1.1 100 Continue\r\n");
      assertThat(connection.readResponse()).startsWith("HTTP/1.1 202 ").contains("\"evt-1\"");
      assertThat(connection.readResponse()).startsWith("HTTP/1.1 202 ").contains("\"evt-2\"");
    }
  }
}
