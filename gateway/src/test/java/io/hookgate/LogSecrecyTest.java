package io.hookgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import io.hookgate.config.LoggingConfig;
import io.hookgate.config.LoggingConfig.Format;
import io.hookgate.logging.AccessLog;
import io.hookgate.logging.BatchingConsoleAppender;
import io.hookgate.logging.LogbackConfiguration;
import io.hookgate.testing.GatewayRunner;
import io.hookgate.testing.TestBroker;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs the real gateway with every logger that could see a request at DEBUG, sends signed, forged,
 * stale, oversized, malformed and failing requests, and checks that no captured log event holds a
 * secret, a signature header's value or a body, and that neither do the bytes the shipped {@code
 * logback.xml} writes, in text and in JSON.
 */
class LogSecrecyTest {
  private static final String GITHUB_SECRET = "gh-secret-never-logged-7f3a";
  private static final String STRIPE_SECRET = "whsec_never-logged-91c2";
  private static final String BODY_MARKER = "BODY-MARKER-5e8d1c";
  private static final List<String> DEBUG_LOGGERS =
      List.of("io.hookgate", "hookgate", "com.rabbitmq", "io.netty");

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final Map<String, Level> previousLevels = new HashMap<>();
  private final List<String> signatures = new ArrayList<>();
  private final List<LoggerContext> shippedContexts = new ArrayList<>();
  private final List<BatchingConsoleAppender> shippedAppenders = new ArrayList<>();
  private final ByteArrayOutputStream text = new ByteArrayOutputStream();
  private final ByteArrayOutputStream json = new ByteArrayOutputStream();
  private TestBroker broker;
  private GatewayRunner gateway;

  @BeforeEach
  void captureEverything() throws JoranException {
    for (String name : DEBUG_LOGGERS) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      previousLevels.put(name, logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
    captured.start();
    root.addAppender(captured);
    root.addAppender(shipped(Format.TEXT, text));
    root.addAppender(shipped(Format.JSON, json));
  }

  /**
   * The appender of the shipped {@code logback.xml}, in a context of its own with {@code format}
   * applied, writing into {@code output} instead of standard output.
   */
  private BatchingConsoleAppender shipped(Format format, ByteArrayOutputStream output)
      throws JoranException {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(Main.class.getResource("/logback.xml"));
    LogbackConfiguration.apply(new LoggingConfig(format, true), context);
    BatchingConsoleAppender console =
        (BatchingConsoleAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
    console.setOutputStream(output);
    shippedContexts.add(context);
    shippedAppenders.add(console);
    return console;
  }

  @AfterEach
  void restore() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    root.detachAppender(captured);
    shippedAppenders.forEach(root::detachAppender);
    shippedContexts.forEach(LoggerContext::stop);
    previousLevels.forEach(
        (name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    if (broker != null) {
      broker.close();
    }
  }

  private static String hmacHex(String secret, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }

  private int github(String path, String id, String body, String signature) throws Exception {
    signatures.add(signature);
    return gateway
        .client()
        .send(
            HttpRequest.newBuilder(gateway.uri(path))
                .header("X-GitHub-Delivery", id)
                .header("X-GitHub-Event", "push")
                .header("X-Hub-Signature-256", signature)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private int signedGithub(String path, String id, String body) throws Exception {
    return github(path, id, body, "sha256=" + hmacHex(GITHUB_SECRET, body));
  }

  private int stripe(long timestamp, String body) throws Exception {
    String signature = "t=" + timestamp + ",v1=" + hmacHex(STRIPE_SECRET, timestamp + "." + body);
    signatures.add(signature);
    return gateway
        .client()
        .send(
            HttpRequest.newBuilder(gateway.uri("/webhooks/stripe"))
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** Writes {@code bytes} on a fresh connection; waits for an answer if {@code answered}. */
  private void sendRaw(String bytes, boolean answered) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.uri("/").getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(bytes.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (answered) {
        assertThat(socket.getInputStream().read()).isNotNegative();
      }
    }
  }

  @Test
  void noSecretSignatureOrBodyReachesAnyLogAtDebug() throws Exception {
    broker = TestBroker.withBoundQueue();
    String yaml =
        """
        server:
          listen: 127.0.0.1:0
          max-body: 1KiB
        admin:
          listen: 127.0.0.1:0
        broker:
          urls: ["%s"]
          confirm-timeout: 5s
        sources:
          github:
            path: /webhooks/github
            verify: {scheme: github, secrets: ["${GITHUB_SECRET}"]}
            publish: {exchange: %s, routing-key: "github.{header:X-GitHub-Event}"}
          stripe:
            path: /webhooks/stripe
            verify: {scheme: stripe, secrets: ["${STRIPE_SECRET}"]}
            publish: {exchange: %2$s, routing-key: stripe}
          broken:
            path: /webhooks/broken
            verify: {scheme: github, secrets: ["${GITHUB_SECRET}"]}
            publish: {exchange: no-such-exchange-%s, routing-key: broken}
        """
            .formatted(TestBroker.URI, broker.exchange, broker.queue);
    gateway =
        GatewayRunner.start(
            yaml, Map.of("GITHUB_SECRET", GITHUB_SECRET, "STRIPE_SECRET", STRIPE_SECRET));
    await().until(() -> gateway.admin("/readyz").statusCode() == 200);
    String body = "{\"marker\":\"" + BODY_MARKER + "\"}";
    long now = System.currentTimeMillis() / 1000;

    assertThat(signedGithub("/webhooks/github", "ok-1", body)).isEqualTo(202);
    assertThat(signedGithub("/webhooks/github", "ok-1", body)).isEqualTo(200);
    assertThat(github("/webhooks/github", "forged-1", body, "sha256=" + hmacHex("guess", body)))
        .isEqualTo(401);
    assertThat(github("/webhooks/github", "garbage-1", body, "md5=" + BODY_MARKER)).isEqualTo(401);
    assertThat(stripe(now, "{\"id\":\"evt_1\",\"m\":\"" + BODY_MARKER + "\"}")).isEqualTo(202);
    assertThat(stripe(now - 3600, "{\"id\":\"evt_2\",\"m\":\"" + BODY_MARKER + "\"}"))
        .isEqualTo(401);
    assertThat(signedGithub("/webhooks/broken", "fail-1", body)).isEqualTo(503);
    broker.unbind();
    assertThat(signedGithub("/webhooks/github", "unroutable-1", body)).isEqualTo(503);
    broker.bind();
    assertThat(signedGithub("/webhooks/github", "big-1", body + " ".repeat(2048))).isEqualTo(413);
    assertThat(signedGithub("/nowhere", "nf-1", body)).isEqualTo(404);
    String rawSignature = "sha256=" + hmacHex(GITHUB_SECRET, BODY_MARKER);
    signatures.add(rawSignature);
    sendRaw(
        "POST /webhooks/github HTTP/1.1\r\nHost: x\r\nX-Hub-Signature-256: "
            + rawSignature
            + "\r\nContent-Length: zz\r\n\r\n"
            + BODY_MARKER,
        true);
    sendRaw(
        "POST /webhooks/github HTTP/1.1\r\nHost: x\r\nX-Hub-Signature-256: "
            + rawSignature
            + "\r\nContent-Length: 500\r\n\r\n"
            + BODY_MARKER,
        false);
    broker.drain(2);
    gateway.close();
    gateway = null;

    shippedContexts.forEach(LoggerContext::stop); // writes every line still queued
    List<ILoggingEvent> events = List.copyOf(captured.list);
    // The capture must have seen the traffic, or the checks below would pass vacuously.
    assertThat(events).filteredOn(e -> e.getLevel() == Level.DEBUG).isNotEmpty();
    assertThat(events)
        .filteredOn(e -> e.getLoggerName().equals(AccessLog.LOGGER))
        .extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(line -> line.contains("id=\"ok-1\"") && line.contains("status=202"))
        .anyMatch(line -> line.contains("outcome=unauthorized"))
        .anyMatch(line -> line.contains("outcome=stale"))
        .anyMatch(line -> line.contains("outcome=unavailable"))
        .anyMatch(line -> line.contains("outcome=bad_request"))
        .hasSizeGreaterThanOrEqualTo(11);
    assertThat(events)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(line -> line.contains("no-such-exchange-" + broker.queue));
    List<String> forbidden = new ArrayList<>(signatures);
    forbidden.addAll(List.of(GITHUB_SECRET, STRIPE_SECRET, BODY_MARKER));
    for (ILoggingEvent event : events) {
      String rendered = render(event);
      for (String secret : forbidden) {
        assertThat(rendered).as("log event %s", rendered).doesNotContain(secret);
      }
    }
    assertThat(shippedAppenders).allSatisfy(a -> assertThat(a.dropped()).isZero());
    String textLines = text.toString(StandardCharsets.UTF_8);
    String jsonLines = json.toString(StandardCharsets.UTF_8);
    assertThat(textLines).contains("hookgate.access - source=github status=202", "id=\"ok-1\"");
    assertThat(jsonLines).contains("\"loggerName\":\"hookgate.access\"", "\"id\":\"ok-1\"");
    for (String secret : forbidden) {
      assertThat(textLines).doesNotContain(secret);
      assertThat(jsonLines).doesNotContain(secret);
    }
  }

  /** Everything of an event an encoder could write. */
  private static String render(ILoggingEvent event) {
    StringBuilder text =
        new StringBuilder()
            .append(event.getLoggerName())
            .append(' ')
            .append(event.getThreadName())
            .append(' ')
            .append(event.getMessage())
            .append(' ')
            .append(event.getFormattedMessage());
    if (event.getArgumentArray() != null) {
      text.append(' ').append(Arrays.deepToString(event.getArgumentArray()));
    }
    if (event.getKeyValuePairs() != null) {
      event.getKeyValuePairs().forEach(pair -> text.append(' ').append(pair));
    }
    text.append(' ').append(event.getMDCPropertyMap());
    if (event.getThrowableProxy() != null) {
      text.append(' ').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
    return text.toString();
  }
}
