package io.hookgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The keys that bound what the gateway holds and how it stops: drain, buffers, rate limits. */
class DeliveryConfigTest {
  private static final String BROKER_AND_SOURCE =
      """
      broker:
        urls: [amqp://guest:guest@127.0.0.1:5672/]
      sources:
        github:
          path: /webhooks/github
          verify: {scheme: github, secrets: [s]}
          publish: {exchange: webhooks, routing-key: github}
      """;

  private static GatewayConfig parse(String yaml) throws ConfigException {
    return new ConfigLoader(Map.<String, String>of()::get).parse(yaml, "test.yaml");
  }

  @Test
  void defaultsDrainTimeoutAndBufferedBytes() throws Exception {
    ServerConfig server = parse(BROKER_AND_SOURCE).server();

    assertThat(server.drainTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(server.maxBufferedBytes()).isEqualTo(64L << 20);
  }

  @Test
  void raisesTheDefaultBufferedBytesToOneLargestBody() throws Exception {
    ServerConfig server = parse("server:\n  max-body: 100MiB\n" + BROKER_AND_SOURCE).server();

    assertThat(server.maxBufferedBytes()).isEqualTo(100L << 20);
  }

  @Test
  void readsDrainTimeoutAndBufferedBytes() throws Exception {
    ServerConfig server =
        parse("server:\n  drain-timeout: 45s\n  max-buffered-bytes: 8MiB\n" + BROKER_AND_SOURCE)
            .server();

    assertThat(server.drainTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(server.maxBufferedBytes()).isEqualTo(8L << 20);
  }

  @Test
  void readsARateAloneAsItsOwnBurst() throws Exception {
    SourceConfig source = parse(BROKER_AND_SOURCE + "    rate-limit: 100/s\n").sources().get(0);

    assertThat(source.rateLimit()).contains(new RateLimitConfig(100, Duration.ofSeconds(1), 100));
  }

  @Test
  void readsARateWithABurst() throws Exception {
    SourceConfig source =
        parse(BROKER_AND_SOURCE + "    rate-limit: {rate: 30/m, burst: 5}\n").sources().get(0);

    assertThat(source.rateLimit()).contains(new RateLimitConfig(30, Duration.ofMinutes(1), 5));
  }

  @Test
  void leavesASourceWithoutRateLimitUnlimited() throws Exception {
    assertThat(parse(BROKER_AND_SOURCE).sources().get(0).rateLimit()).isEmpty();
  }
}
