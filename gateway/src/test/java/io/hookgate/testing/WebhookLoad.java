package io.hookgate.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tens of concurrent webhook senders, each posting signed GitHub deliveries with ids of its own and
 * retrying an id after any answer but 2xx, as real senders do; every attempt is recorded for {@link
 * DeliveryInvariant} and for assertions on status codes and their order.
 */
public final class WebhookLoad implements AutoCloseable {
  /** The GitHub secret that {@link #GITHUB_SOURCE} checks. */
  public static final String SECRET = "load-secret";

  /** A {@code sources} entry for the gateway under load; format with the exchange name. */
  public static final String GITHUB_SOURCE =
      """
      sources:
        github:
          path: /webhooks/github
          verify:
            scheme: github
            secrets: ["%s"]
          publish:
            exchange: %%s
            routing-key: "github.{header:X-GitHub-Event|unknown}"
      """
          .formatted(SECRET);

  /** The status recorded when a request got no HTTP answer (refused, reset, or timed out). */
  public static final int NO_ANSWER = -1;

  private static final int MAX_ATTEMPTS_PER_ID = 3;

  /**
   * One request and how it ended.
   *
   * @param id the event id
   * @param status the HTTP status, or {@link #NO_ANSWER}
   * @param retryAfter the {@code Retry-After} header, or {@code null}
   * @param sequence the order in which answers arrived, across all senders
   * @param sentNanos {@link System#nanoTime()} just before the request was sent
   * @param answeredNanos {@link System#nanoTime()} when the answer (or failure) arrived
   */
  public record Attempt(
      String id, int status, String retryAfter, long sequence, long sentNanos, long answeredNanos) {
    public boolean delivered() {
      return status >= 200 && status < 300;
    }
  }

  private final HttpClient client;
  private final URI target;
  private final String prefix;
  private final Duration requestTimeout;
  private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final List<Thread> senders = new ArrayList<>();

  private WebhookLoad(URI target, String prefix, Duration requestTimeout) {
    this.target = target;
    this.prefix = prefix;
    this.requestTimeout = requestTimeout;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /**
   * Starts {@code senders} threads posting to {@code target} until {@link #stop()}; a request
   * without an answer within {@code requestTimeout} counts as {@link #NO_ANSWER}.
   */
  public static WebhookLoad start(URI target, int senders, Duration requestTimeout) {
    requireNonNull(target, "target");
    WebhookLoad load =
        new WebhookLoad(target, "load-" + Long.toHexString(System.nanoTime()), requestTimeout);
    for (int i = 0; i < senders; i++) {
      int sender = i;
      Thread thread = new Thread(() -> load.send(sender), "webhook-sender-" + i);
      thread.setDaemon(true);
      load.senders.add(thread);
      thread.start();
    }
    return load;
  }

  /** Stops sending new requests and waits for the ones on their way to be answered. */
  public List<Attempt> stop() throws InterruptedException {
    stopping.set(true);
    for (Thread sender : senders) {
      sender.join(requestTimeout.multipliedBy(2).toMillis() + 5_000);
      if (sender.isAlive()) {
        throw new IllegalStateException(sender.getName() + " did not finish");
      }
    }
    return attempts();
  }

  /** Every attempt so far, in the order their answers arrived. */
  public List<Attempt> attempts() {
    return attempts.stream().sorted((a, b) -> Long.compare(a.sequence(), b.sequence())).toList();
  }

  /** Attempts so far that match {@code filter}. */
  public long count(Predicate<Attempt> filter) {
    return attempts.stream().filter(filter).count();
  }

  /** Attempts sent after {@code nanos} ({@link System#nanoTime()}) and answered {@code status}. */
  public long countSentAfter(long nanos, int status) {
    return count(attempt -> attempt.sentNanos() - nanos > 0 && attempt.status() == status);
  }

  /** Attempts answered {@code status} after {@code nanos} ({@link System#nanoTime()}). */
  public long countAnsweredAfter(long nanos, int status) {
    return count(attempt -> attempt.answeredNanos() - nanos > 0 && attempt.status() == status);
  }

  /** Attempts answered with {@code status} so far. */
  public long count(int status) {
    return count(attempt -> attempt.status() == status);
  }

  /** How many answers have arrived: {@link Attempt#sequence()} of the next one. */
  public int answered() {
    return answered.get();
  }

  @Override
  public void close() {
    if (!stopping.get()) {
      try {
        stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void send(int sender) {
    for (int n = 0; !stopping.get(); n++) {
      String id = prefix + "-" + sender + "-" + n;
      for (int attempt = 0; attempt < MAX_ATTEMPTS_PER_ID && !stopping.get(); attempt++) {
        Attempt result = post(id);
        attempts.add(result);
        if (result.delivered()) {
          break;
        }
        if (result.status() == NO_ANSWER) {
          pause(); // Refused at once: don't spin while the gateway is away.
        }
      }
    }
  }

  private Attempt post(String id) {
    byte[] body = ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(target)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "push")
            .header("X-GitHub-Delivery", id)
            .header("X-Hub-Signature-256", sign(body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    long sent = System.nanoTime();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return answer(id, response.statusCode(), response.headers().firstValue("Retry-After"), sent);
    } catch (IOException e) {
      return answer(id, NO_ANSWER, Optional.empty(), sent);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping.set(true);
      return answer(id, NO_ANSWER, Optional.empty(), sent);
    }
  }

  private synchronized Attempt answer(
      String id, int status, Optional<String> retryAfter, long sentNanos) {
    // Synchronized so that sequence and answeredNanos agree in order.
    return new Attempt(
        id,
        status,
        retryAfter.orElse(null),
        answered.getAndIncrement(),
        sentNanos,
        System.nanoTime());
  }

  /** The {@code X-Hub-Signature-256} of {@code body} under {@link #SECRET}. */
  public static String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
