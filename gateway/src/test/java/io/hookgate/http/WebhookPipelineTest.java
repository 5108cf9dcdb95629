package io.hookgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookgate.address.Cidr;
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
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole webhook pipeline on an embedded channel, fed raw HTTP bytes, with a fake broker. */
class WebhookPipelineTest {
  private static final int MAX_BODY = 64;

  private final FakePublisher publisher = new FakePublisher();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private EmbeddedChannel channel = channel("127.0.0.1", CidrAllowlist.ANY);

  /** Replaces the channel, checking the old one left nothing behind. */
  private void reconnect(String peer, CidrAllowlist allow) {
    assertThat(channel.finishAndReleaseAll()).isFalse();
    channel = channel(peer, allow);
  }

  private EmbeddedChannel channel(String peer, CidrAllowlist allow) {
    var server =
        new ServerConfig(
            new InetSocketAddress(0), MAX_BODY, CidrAllowlist.NONE, false, Duration.ofSeconds(10));
    var sources = new SourceTable(List.of(TestRequests.source(allow)));
    var metrics = new GatewayMetrics(registry, List.of("test"));
    var intake = new WebhookIntake(new Deduplicator(Duration.ofHours(1), 100), publisher, metrics);
    InetSocketAddress remote = new InetSocketAddress(peer, 40000);
    return new EmbeddedChannel(new GatewayInitializer(server, () -> sources, intake, metrics)) {
      @Override
      protected SocketAddress remoteAddress0() {
        return remote;
      }
    };
  }

  @AfterEach
  void noBufferLeftBehind() {
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  private static String post(String path, String id, String signature, String body) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + (signature == null ? "" : TestRequests.SIGNATURE + ": " + signature + "\r\n")
        + (id == null ? "" : "X-Event-Id: " + id + "\r\n")
        + "Content-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  private void send(String raw) {
    channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.UTF_8));
  }

  /** Everything written back so far, as text. */
  private String responses() {
    StringBuilder text = new StringBuilder();
    ByteBuf out;
    while ((out = channel.readOutbound()) != null) {
      text.append(out.toString(StandardCharsets.UTF_8));
      out.release();
    }
    return text.toString();
  }

  @Test
  void answersAcceptedAfterTheConfirm() {
    send(post("/hooks/test", "evt-1", TestRequests.GOOD, "{\"a\":1}"));
    assertThat(responses()).isEmpty();

    publisher.complete(0, PublishResult.ACK);

    assertThat(responses())
        .startsWith("HTTP/1.1 202 Accepted\r\n")
        .contains("content-type: application/json")
        .endsWith("{\"status\":\"accepted\",\"id\":\"evt-1\"}");
    assertThat(publisher.messages().get(0).body()).asString().isEqualTo("{\"a\":1}");
    assertThat(
            registry
                .get("hookgate.requests")
                .tags("source", "test", "outcome", "accepted")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void brokerFailureIs503WithRetryAfter() {
    publisher.answering(PublishResult.NACK);
    send(post("/hooks/test", "evt-1", TestRequests.GOOD, "{}"));

    assertThat(responses())
        .startsWith("HTTP/1.1 503 Service Unavailable\r\n")
        .contains("retry-after: 1\r\n");
  }

  @Test
  void unknownPathIs404AndPublishesNothing() {
    send(post("/nope", "evt-1", TestRequests.GOOD, "{}"));

    assertThat(responses()).startsWith("HTTP/1.1 404 Not Found\r\n");
    assertThat(publisher.messages()).isEmpty();
    assertThat(
            registry
                .get("hookgate.requests")
                .tags("source", "none", "outcome", "not_found")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void otherMethodIs405WithAllow() {
    send("GET /hooks/test HTTP/1.1\r\nHost: x\r\n\r\n");

    assertThat(responses())
        .startsWith("HTTP/1.1 405 Method Not Allowed\r\n")
        .contains("allow: POST\r\n");
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void addressOutsideAllowlistIs403() {
    reconnect("10.1.2.3", CidrAllowlist.of(List.of(Cidr.parse("127.0.0.0/8"))));
    send(post("/hooks/test", "evt-1", TestRequests.GOOD, "{}"));

    assertThat(responses()).startsWith("HTTP/1.1 403 Forbidden\r\n");
    assertThat(publisher.messages()).isEmpty();
  }

  @Test
  void ipv4MappedPeerMatchesIpv4Allowlist() {
    reconnect("::ffff:127.0.0.1", CidrAllowlist.of(List.of(Cidr.parse("127.0.0.0/8"))));
    publisher.answering(PublishResult.ACK);
    send(post("/hooks/test", "evt-1", TestRequests.GOOD, "{}"));

    assertThat(responses()).startsWith("HTTP/1.1 202 Accepted\r\n");
  }

  @Test
  void declaredOversizedBodyIs413UnreadAndClosed() {
    send(
        "POST /hooks/test HTTP/1.1\r\nHost: x\r\n"
            + TestRequests.SIGNATURE
            + ": good\r\nContent-Length: 100000\r\n\r\n{\"partial\":");

    assertThat(responses()).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n");
    assertThat(channel.isOpen()).isFalse();
    assertThat(publisher.messages()).isEmpty();
  }

  @Test
  void chunkedBodyGrowingPastLimitIs413AndClosed() {
    String chunk = "x".repeat(40);
    send(
        "POST /hooks/test HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            + TestRequests.SIGNATURE
            + ": good\r\n\r\n28\r\n"
            + chunk
            + "\r\n28\r\n"
            + chunk
            + "\r\n0\r\n\r\n");

    assertThat(responses()).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n");
    assertThat(channel.isOpen()).isFalse();
    assertThat(publisher.messages()).isEmpty();
  }

  @Test
  void unsignedIs401AndPublishesNothing() {
    send(post("/hooks/test", "evt-1", null, "{}"));
    send(post("/hooks/test", "evt-2", "forged", "{}"));

    assertThat(responses())
        .startsWith("HTTP/1.1 401 Unauthorized\r\n")
        .contains("{\"status\":\"unauthorized\"}HTTP/1.1 401 Unauthorized\r\n");
    assertThat(publisher.messages()).isEmpty();
  }

  @Test
  void pipelinedAnswersKeepRequestOrderWhenConfirmsDoNot() {
    send(
        post("/hooks/test", "evt-1", TestRequests.GOOD, "{}")
            + post("/nope", "x", TestRequests.GOOD, "")
            + post("/hooks/test", "evt-2", TestRequests.GOOD, "{}"));
    publisher.complete(1, PublishResult.ACK);
    assertThat(responses()).isEmpty();

    publisher.complete(0, PublishResult.ACK);

    String answers = responses();
    assertThat(answers.indexOf("evt-1")).isLessThan(answers.indexOf("404 Not Found"));
    assertThat(answers.indexOf("404 Not Found")).isLessThan(answers.indexOf("evt-2"));
  }

  @Test
  void expectContinueIsAnsweredOnlyForAdmittedRequests() {
    send("POST /nope HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
    assertThat(responses()).startsWith("HTTP/1.1 404 Not Found\r\n").doesNotContain("100 Continue");

    reconnect("127.0.0.1", CidrAllowlist.ANY);
    send(
        "POST /hooks/test HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n"
            + TestRequests.SIGNATURE
            + ": good\r\n\r\n");
    assertThat(responses()).startsWith("HTTP/1.1 100 Continue\r\n");
  }

  @Test
  void responseNeverEchoesHeaderSplittingContent() {
    publisher.answering(PublishResult.ACK);
    send(post("/hooks/test", "a\\\"b", TestRequests.GOOD, "{}"));

    assertThat(responses()).endsWith("{\"status\":\"accepted\",\"id\":\"a\\\\\\\"b\"}");
  }

  @Test
  void foldedHeaderIs400AndClosed() {
    send(
        "POST /hooks/test HTTP/1.1\r\nHost: x\r\nX-Note: a\r\n b\r\n"
            + TestRequests.SIGNATURE
            + ": good\r\nX-Event-Id: evt-1\r\nContent-Length: 2\r\n\r\n{}");

    assertThat(responses()).startsWith("HTTP/1.1 400 Bad Request\r\n");
    assertThat(channel.isOpen()).isFalse();
    assertThat(publisher.messages()).isEmpty();
  }

  @Test
  void malformedChunkInAnAdmittedBodyIs400AndDropsThePartialBody() {
    send(
        "POST /hooks/test HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            + TestRequests.SIGNATURE
            + ": good\r\nX-Event-Id: evt-1\r\n\r\n2\r\n{}\r\nzz\r\n");

    assertThat(responses()).startsWith("HTTP/1.1 400 Bad Request\r\n");
    assertThat(channel.isOpen()).isFalse();
    assertThat(publisher.messages()).isEmpty();
  }

  @Test
  void noReadIsAskedForWhileTooManyAnswersAreOwedEvenForRefusedRequests() {
    int[] reads = {0};
    channel
        .pipeline()
        .addFirst(
            new ChannelOutboundHandlerAdapter() {
              @Override
              public void read(ChannelHandlerContext ctx) {
                reads[0]++;
                ctx.read();
              }
            });
    for (int i = 0; i < 16; i++) {
      send(post("/hooks/test", "evt-" + i, TestRequests.GOOD, "{}"));
    }
    assertThat(channel.config().isAutoRead()).isFalse();
    reads[0] = 0;

    // Refused from the head: none of these may make the connection read on.
    for (int i = 0; i < 20; i++) {
      send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    assertThat(reads[0]).isZero();
    for (int i = 0; i < 16; i++) {
      publisher.complete(i, PublishResult.ACK);
    }
    assertThat(responses()).contains("HTTP/1.1 202 ").contains("HTTP/1.1 404 ");
  }

  @Test
  void requestPipelinedBehindAClosingRefusalIsNeverPublished() {
    send(
        "POST /hooks/test HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
            + post("/hooks/test", "evt-behind", TestRequests.GOOD, "{}"));

    assertThat(responses()).startsWith("HTTP/1.1 413 ");
    assertThat(publisher.messages()).isEmpty();
  }

  @Test
  void requestIncompleteAtTheDeadlineIs408AndClosed() {
    channel.freezeTime();
    send(post("/hooks/test", "evt-1", TestRequests.GOOD, "{\"a\":1}").replace("{\"a\":1}", "{"));
    channel.advanceTimeBy(9, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertThat(responses()).isEmpty();

    channel.advanceTimeBy(1, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();

    assertThat(responses()).startsWith("HTTP/1.1 408 Request Timeout\r\n");
    assertThat(channel.isOpen()).isFalse();
    assertThat(publisher.messages()).isEmpty();
    assertThat(
            registry
                .get("hookgate.requests")
                .tags("source", "test", "outcome", "request_timeout")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void deadlineIsOwedNothingOnceTheRequestIsComplete() {
    channel.freezeTime();
    send(post("/hooks/test", "evt-1", TestRequests.GOOD, "{}"));
    channel.advanceTimeBy(1, TimeUnit.MINUTES);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isTrue();

    publisher.complete(0, PublishResult.ACK);
    assertThat(responses()).startsWith("HTTP/1.1 202 ");
  }
}
