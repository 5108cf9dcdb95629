package io.hookgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hookgate.testing.DeliveryInvariant;
import io.hookgate.testing.ProxiedGateway;
import io.hookgate.testing.Teardown;
import io.hookgate.testing.TestBroker;
import io.hookgate.testing.WebhookLoad;
import io.hookgate.testing.WebhookLoad.Attempt;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shutting down under load ({@code Gateway.close()}, which SIGTERM runs): stop accepting, report
 * not ready, answer what is in flight once its confirms arrive (up to {@code
 * server.drain-timeout}), close the broker connection, and keep every 2xx in the queue.
 */
class GracefulShutdownTest {
  private static final int SENDERS = 20;

  private TestBroker broker;
  private ProxiedGateway fixture;
  private WebhookLoad load;

  @RegisterExtension final Teardown teardown = new Teardown();

  @Test
  void closeUnderLoadAnswersWhatIsInFlightAndKeepsEvery2xx() throws Exception {
    broker = teardown.add(TestBroker.withBoundQueue());
    fixture = teardown.add(ProxiedGateway.start(broker, "  drain-timeout: 10s\n", "")).awaitReady();
    load = teardown.add(fixture.load(SENDERS));
    await().atMost(Duration.ofSeconds(30)).until(() -> load.count(202) >= 60);

    long closedAt = System.nanoTime();
    fixture.gateway.close();

    List<Attempt> attempts = load.stop();
    // Refused connections and connections closed before a request went out have no answer; any
    // answer at all is a 202 or a 503 with Retry-After.
    assertThat(attempts)
        .filteredOn(a -> !a.delivered() && a.status() != WebhookLoad.NO_ANSWER)
        .allSatisfy(
            a -> {
              assertThat(a.status()).as("failed attempt %s", a).isEqualTo(503);
              assertThat(a.retryAfter()).as("Retry-After of %s", a).isNotNull();
            });
    assertThat(load.countAnsweredAfter(closedAt, WebhookLoad.NO_ANSWER)).isPositive();
    // The AMQP connection is gone: closed by the gateway, not left to time out.
    await().until(() -> fixture.proxy.openConnections() == 0);
    DeliveryInvariant.check(attempts, broker);
  }

  @Test
  void closeWaitsForConfirmsOfRequestsInFlightWhileReportingNotReady() throws Exception {
    broker = teardown.add(TestBroker.withBoundQueue());
    fixture =
        teardown
            .add(ProxiedGateway.start(broker, "  drain-timeout: 60s\n", "  confirm-timeout: 60s\n"))
            .awaitReady();
    HttpClient client = HttpClient.newHttpClient();
    fixture.proxy.pause();
    List<String> ids = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    CompletableFuture<Void> closed;
    try {
      for (int i = 0; i < SENDERS; i++) {
        String id = "drain-" + i;
        ids.add(id);
        responses.add(client.sendAsync(post(id), HttpResponse.BodyHandlers.ofString()));
      }
      await().until(() -> metric("hookgate_publishes_in_flight") == SENDERS);

      closed = CompletableFuture.runAsync(fixture.gateway::close);

      await()
          .untilAsserted(
              () ->
                  assertThat(fixture.gateway.admin("/readyz").body())
                      .contains("not_ready")
                      .contains("shutting down"));
      int port = fixture.webhookUri().getPort();
      assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
          .isInstanceOf(ConnectException.class);
      // Nothing is answered while the confirms are held back.
      assertThat(responses).noneMatch(CompletableFuture::isDone);
      assertThat(closed).isNotDone();
    } finally {
      fixture.proxy.resume();
    }

    for (CompletableFuture<HttpResponse<String>> response : responses) {
      assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    }
    closed.get(30, TimeUnit.SECONDS);
    await().until(() -> fixture.proxy.openConnections() == 0);
    assertThat(broker.drain(SENDERS))
        .extracting(m -> m.getProps().getMessageId())
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void closeEndsEvenWhenTheBrokerStoppedReadingMidWrite() throws Exception {
    broker = teardown.add(TestBroker.withBoundQueue());
    fixture =
        teardown
            .add(ProxiedGateway.start(broker, "  max-body: 4MiB\n  drain-timeout: 1s\n", ""))
            .awaitReady();
    HttpClient client = HttpClient.newHttpClient();
    fixture.proxy.pause();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    CompletableFuture<Void> closed;
    try {
      // More bytes than the sockets between gateway and broker can buffer: what the event loops
      // wrote waits in their buffers for a broker that will never read it.
      byte[] big = new byte[2 << 20];
      for (int i = 0; i < 16; i++) {
        responses.add(
            client.sendAsync(post("big-" + i, big), HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> response : responses) {
        assertThat(response.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
      }
      // Every sender has its answer, yet the connections' close handshakes queue behind bytes
      // that cannot leave.
      closed = CompletableFuture.runAsync(fixture.gateway::close);

      closed.get(60, TimeUnit.SECONDS);
    } finally {
      fixture.proxy.resume();
    }
  }

  private HttpRequest post(String id) {
    return post(id, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  private HttpRequest post(String id, byte[] body) {
    return HttpRequest.newBuilder(fixture.webhookUri())
        .header("X-GitHub-Event", "push")
        .header("X-GitHub-Delivery", id)
        .header("X-Hub-Signature-256", WebhookLoad.sign(body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private double metric(String name) throws Exception {
    return fixture
        .gateway
        .admin("/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1)))
        .findFirst()
        .orElse(Double.NaN);
  }
}
