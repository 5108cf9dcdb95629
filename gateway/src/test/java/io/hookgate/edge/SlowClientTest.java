package io.hookgate.edge;

import static io.hookgate.edge.EdgeGateway.GITHUB;
import static io.hookgate.edge.EdgeGateway.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookgate.testing.RawConnection;
import io.hookgate.testing.Teardown;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow and idle clients against a real gateway: the whole-request deadline, the idle timeout and
 * the connection cap, and hundreds of dribbling connections beside normal traffic.
 */
class SlowClientTest {
  private EdgeGateway edge;

  @RegisterExtension final Teardown teardown = new Teardown();

  @Test
  void dribbledHeadIsAnswered408AtTheDeadlineAndClosed() throws Exception {
    edge = teardown.add(EdgeGateway.start("  request-timeout: 500ms"));
    try (RawConnection connection = edge.connect()) {
      connection.send("POST " + GITHUB + " HTTP/1.1\r\nHost: x\r\n");
      connection.send("X-Slow: 1\r\n");

      assertThat(connection.readResponse())
          .startsWith("HTTP/1.1 408 Request Timeout\r\n")
          .contains("connection: close");
      assertThat(connection.isClosedByServer()).isTrue();
    }
    edge.assertOnlyAWellFormedRequestIsPublished();
  }

  @Test
  void dribbledBodyIsAnswered408AtTheDeadlineAndNothingIsPublished() throws Exception {
    edge = teardown.add(EdgeGateway.start("  request-timeout: 500ms"));
    String body = "{\"slow\":\"body\"}";
    try (RawConnection connection = edge.connect()) {
      connection.send(SIGNER.head(GITHUB, "slow-body", body, "") + body.substring(0, 5));

      assertThat(connection.readResponse()).startsWith("HTTP/1.1 408 ");
      assertThat(connection.isClosedByServer()).isTrue();
    }
    edge.assertOnlyAWellFormedRequestIsPublished();
  }

  @Test
  void dribbledProxyHeaderIsClosedAtTheRequestDeadline() throws Exception {
    // The idle timeout (60 s by default) is longer than the connection's read timeout, so only the
    // request deadline can end this connection in time.
    edge = teardown.add(EdgeGateway.start("  request-timeout: 500ms\n  proxy-protocol: true"));
    try (RawConnection connection = edge.connect()) {
      connection.send("PROXY TCP4 203.0.113.7 ");
      connection.send("127.0.0.1 ");

      // No request was begun, so there is nothing to answer.
      assertThat(connection.readUntilClosed()).isEmpty();
    }
    try (RawConnection connection = edge.connect()) {
      connection.send("PROXY TCP4 203.0.113.7 127.0.0.1 40000 8080\r\n");
      connection.send(EdgeGateway.signed(GITHUB, "after-proxy-header", "{}"));
      assertThat(connection.readResponse()).startsWith("HTTP/1.1 202 ");
    }
    assertThat(edge.broker.drain(1))
        .extracting(m -> m.getProps().getMessageId())
        .containsExactly("after-proxy-header");
  }

  @Test
  void connectionWithoutTrafficIsClosedAfterTheIdleTimeout() throws Exception {
    edge = teardown.add(EdgeGateway.start("  idle-timeout: 500ms"));
    try (RawConnection silent = edge.connect();
        RawConnection used = edge.connect()) {
      used.send(EdgeGateway.signed(GITHUB, "idle-1", "{}"));
      assertThat(used.readResponse()).startsWith("HTTP/1.1 202 ");

      // Nothing is sent back before the close: there was no request to answer.
      assertThat(silent.readUntilClosed()).isEmpty();
      assertThat(used.readUntilClosed()).isEmpty();
    }
    assertThat(edge.broker.drain(1)).hasSize(1);
  }

  @Test
  void connectionsBeyondTheCapAreClosedAtOnce() throws Exception {
    edge = teardown.add(EdgeGateway.start("  max-connections: 3"));
    List<RawConnection> held = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        RawConnection connection = edge.connect();
        held.add(connection);
        // An answer shows the server has counted this connection.
        connection.send("POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        assertThat(connection.readStatus()).isEqualTo(404);
      }
      try (RawConnection extra = edge.connect()) {
        extra.send(EdgeGateway.signed(GITHUB, "over-cap", "{}"));
        assertThat(extra.readUntilClosed()).isEmpty();
      }
      held.remove(0).close();
      await()
          .untilAsserted(
              () -> {
                try (RawConnection again = edge.connect()) {
                  again.send(EdgeGateway.signed(GITHUB, "under-cap", "{}"));
                  assertThat(again.readResponse()).startsWith("HTTP/1.1 202 ");
                }
              });
    } finally {
      for (RawConnection connection : held) {
        connection.close();
      }
    }
    assertThat(edge.broker.drain(1))
        .extracting(m -> m.getProps().getMessageId())
        .containsExactly("under-cap");
  }

  @Test
  void hundredsOfDribblingConnectionsDoNotStopNormalRequests() throws Exception {
    edge = teardown.add(EdgeGateway.start("  request-timeout: 3s\n  max-connections: 1000"));
    int slow = 300;
    List<RawConnection> dribbling = new ArrayList<>();
    ExecutorService readers = Executors.newFixedThreadPool(16);
    try {
      for (int i = 0; i < slow; i++) {
        RawConnection connection = edge.connect();
        dribbling.add(connection);
        connection.send("POST " + GITHUB + " HTTP/1.1\r\nHost: x\r\nX-Drip: ");
      }
      for (RawConnection connection : dribbling) {
        connection.send("d");
      }

      List<CompletableFuture<HttpResponse<String>>> normal = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String body = "{\"n\":" + i + "}";
        HttpRequest request =
            HttpRequest.newBuilder(edge.gateway.uri(GITHUB))
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", "beside-slow-" + i)
                .header("X-Hub-Signature-256", SIGNER.sign(body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        normal.add(edge.gateway.client().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> response : normal) {
        assertThat(response.join().statusCode()).isEqualTo(202);
      }

      // Every dribbling connection is then refused at its deadline and closed.
      List<CompletableFuture<String>> endings = new ArrayList<>();
      for (RawConnection connection : dribbling) {
        endings.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return connection.readUntilClosed();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                readers));
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> endings.stream().allMatch(CompletableFuture::isDone));
      for (CompletableFuture<String> ending : endings) {
        assertThat(ending.join()).startsWith("HTTP/1.1 408 ");
      }
    } finally {
      readers.shutdownNow();
      for (RawConnection connection : dribbling) {
        connection.close();
      }
    }
    assertThat(edge.broker.drain(20)).hasSize(20);
  }
}
