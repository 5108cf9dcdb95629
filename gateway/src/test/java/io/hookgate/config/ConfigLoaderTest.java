package io.hookgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hookgate.address.CidrAllowlist;
import io.hookgate.config.VerifyConfig.GenericHmac;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
  private static final Map<String, String> ENVIRONMENT =
      Map.of(
          "RABBIT_PASSWORD", "rabbit-pw",
          "GITHUB_WEBHOOK_SECRET", "gh-current",
          "STRIPE_SECRET", "whsec_stripe");

  /** The smallest valid file: the two sections without defaults, one source. */
  private static final String MINIMAL =
      """
      broker:
        urls: [amqp://localhost]
      sources:
        github:
          path: /webhooks/github
          verify: {scheme: github, secrets: ["${GITHUB_WEBHOOK_SECRET}"]}
          publish: {exchange: webhooks, routing-key: github}
      """;

  private final ConfigLoader loader = new ConfigLoader(ENVIRONMENT::get);

  @Test
  void readsEveryKeyOfAFullFile() throws Exception {
    GatewayConfig config = loader.load(resource("/config/full.yaml"));

    ServerConfig server = config.server();
    assertThat(server.listen()).isEqualTo(new InetSocketAddress(InetAddress.getByName("::"), 8443));
    assertThat(server.maxBody()).isEqualTo(256 * 1024);
    assertThat(server.trustedProxies().allows(ip("10.20.30.40"))).isTrue();
    assertThat(server.trustedProxies().allows(ip("fd12::1"))).isTrue();
    assertThat(server.trustedProxies().allows(ip("192.168.1.1"))).isFalse();
    assertThat(server.proxyProtocol()).isTrue();
    assertThat(server.requestTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(server.maxRequestLine()).isEqualTo(4096);
    assertThat(server.maxHeaderSize()).isEqualTo(8192);
    assertThat(server.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(server.maxConnections()).isEqualTo(500);
    assertThat(server.tls()).isEmpty();
    assertThat(config.admin().listen())
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9100));

    BrokerConfig broker = config.broker();
    assertThat(broker.urls())
        .containsExactly(
            URI.create("amqp://hookgate:rabbit-pw@rabbit-1:5672/%2f"),
            URI.create("amqps://hookgate:rabbit-pw@rabbit-2:5671/webhooks"));
    assertThat(broker.confirmTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(broker.maxInFlight()).isEqualTo(5000);
    assertThat(config.dedup()).isEqualTo(new DedupConfig(Duration.ofHours(48), 250_000));
    assertThat(config.logging()).isEqualTo(new LoggingConfig(LoggingConfig.Format.JSON, false));

    assertThat(config.sources())
        .extracting(SourceConfig::name)
        .containsExactly("github", "stripe", "billing", "svix");
  }

  @Test
  void readsWhatTheBrokerDeclares() throws Exception {
    DeclareConfig declare = loader.load(resource("/config/full.yaml")).broker().declare();

    assertThat(declare.exchanges())
        .containsExactly(
            new DeclareConfig.Exchange("webhooks", "topic", true, false),
            new DeclareConfig.Exchange("billing", "direct", false, true));
    DeclareConfig.Queue events = declare.queues().get(0);
    assertThat(events.name()).isEqualTo("github-events");
    assertThat(events.type()).isEqualTo("quorum");
    // Typed as RabbitMQ expects them; a quoted value stays text, a plain number is a number.
    assertThat(events.arguments())
        .containsExactly(
            Map.entry("x-dead-letter-exchange", "webhooks-dlx"),
            Map.entry("x-max-length", 100_000L),
            Map.entry("x-overflow", "reject-publish"),
            Map.entry("x-single-active-consumer", true),
            Map.entry("x-custom-plugin-arg", "7"),
            Map.entry("x-custom-count", 7L));
    assertThat(events.bindings())
        .containsExactly(
            new DeclareConfig.Binding("webhooks", "github.#"),
            new DeclareConfig.Binding("billing", "invoice"));
    assertThat(declare.queues().get(1))
        .isEqualTo(new DeclareConfig.Queue("audit", "classic", Map.of(), List.of()));
  }

  @Test
  void declaresNothingWithoutDeclare() throws Exception {
    assertThat(loader.parse(MINIMAL, "minimal.yaml").broker().declare())
        .isEqualTo(DeclareConfig.NONE);
  }

  @Test
  void readsSourcesWithTheirOptionalParts() throws Exception {
    List<SourceConfig> sources = loader.load(resource("/config/full.yaml")).sources();

    SourceConfig github = sources.get(0);
    assertThat(github.path()).isEqualTo("/webhooks/github");
    assertThat(github.maxBody()).hasValue(5 * 1024 * 1024);
    assertThat(sources.get(1).maxBody()).isEmpty();
    assertThat(github.allow().allows(ip("140.82.120.7"))).isTrue();
    assertThat(github.allow().allows(ip("::1"))).isTrue();
    assertThat(github.allow().allows(ip("140.82.128.1"))).isFalse();
    assertThat(github.verify().scheme()).isEqualTo("github");
    assertThat(github.verify().secrets()).containsExactly("gh-current", "retired");
    assertThat(github.verify().hmac()).isEmpty();
    assertThat(github.eventId()).contains("header:X-GitHub-Delivery");
    assertThat(github.routes())
        .containsExactly(
            RouteConfig.always("webhooks", "github.{header:X-GitHub-Event}.{json:/action|none}"));

    SourceConfig stripe = sources.get(1);
    assertThat(stripe.allow()).isSameAs(CidrAllowlist.ANY);
    assertThat(stripe.verify().secrets()).containsExactly("whsec_stripe");
    assertThat(stripe.verify().tolerance()).isEqualTo(Duration.ofMinutes(2));
    assertThat(stripe.eventId()).isEmpty();
    assertThat(stripe.routes()).containsExactly(RouteConfig.always("", "{source}"));

    SourceConfig billing = sources.get(2);
    assertThat(billing.verify().hmac())
        .contains(
            new GenericHmac(
                "X-Signature",
                "sha512",
                "base64",
                "v1=",
                Optional.of("X-Timestamp"),
                "{timestamp}.{body}"));
    assertThat(billing.eventId()).contains("json:/event/id");
    assertThat(billing.acceptEncoding())
        .containsExactlyInAnyOrder(ContentCoding.GZIP, ContentCoding.DEFLATE);
    assertThat(github.acceptEncoding()).isEmpty();

    assertThat(sources.get(3).verify().secrets())
        .containsExactly("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  }

  @Test
  void readsTlsFilesForTheListenerAndTheBroker(@TempDir Path dir) throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
    Path key = Files.writeString(dir.resolve("key.pem"), "x");
    Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
    String yaml =
        """
        server:
          tls: {cert: "%s", key: "%s", reload-interval: 1m}
        broker:
          urls: [amqps://localhost]
          tls: {ca-file: "%s"}
        sources:
          github:
            path: /webhooks/github
            verify: {scheme: github, secrets: ["${GITHUB_WEBHOOK_SECRET}"]}
            publish: {exchange: webhooks, routing-key: github}
        """
            .formatted(cert, key, ca);

    GatewayConfig config = loader.parse(yaml, "tls.yaml");

    assertThat(config.server().tls()).contains(new TlsConfig(cert, key, Duration.ofMinutes(1)));
    assertThat(config.broker().caFile()).contains(ca);
  }

  @Test
  void appliesDefaultsForOmittedKeys() throws Exception {
    GatewayConfig config = loader.parse(MINIMAL, "minimal.yaml");

    ServerConfig server = config.server();
    assertThat(server.listen())
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 8080));
    assertThat(server.maxBody()).isEqualTo(1024 * 1024);
    assertThat(server.trustedProxies()).isSameAs(CidrAllowlist.NONE);
    assertThat(server.proxyProtocol()).isFalse();
    assertThat(server.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(server.maxRequestLine()).isEqualTo(8192);
    assertThat(server.maxHeaderSize()).isEqualTo(16384);
    assertThat(server.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(server.maxConnections()).isEqualTo(10_000);
    assertThat(server.tls()).isEmpty();
    assertThat(config.broker().caFile()).isEmpty();
    assertThat(config.admin().listen())
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9091));
    assertThat(config.broker().confirmTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.broker().maxInFlight()).isEqualTo(10_000);
    assertThat(config.dedup()).isEqualTo(new DedupConfig(Duration.ofHours(24), 1_000_000));
    assertThat(config.logging()).isEqualTo(new LoggingConfig(LoggingConfig.Format.TEXT, true));

    SourceConfig source = config.sources().get(0);
    assertThat(source.allow()).isSameAs(CidrAllowlist.ANY);
    assertThat(source.eventId()).isEmpty();
    assertThat(source.verify().tolerance()).isEqualTo(Duration.ofMinutes(5));
    assertThat(source.verify().hmac()).isEmpty();
  }

  @Test
  void appliesGenericHmacDefaults() throws Exception {
    String yaml =
        MINIMAL.replace(
            "verify: {scheme: github, secrets: [\"${GITHUB_WEBHOOK_SECRET}\"]}",
            "verify: {scheme: hmac, secrets: [s], header: X-Sig}");

    GenericHmac hmac =
        loader.parse(yaml, "hmac.yaml").sources().get(0).verify().hmac().orElseThrow();

    assertThat(hmac)
        .isEqualTo(new GenericHmac("X-Sig", "sha256", "hex", "", Optional.empty(), "{body}"));
  }

  @Test
  void treatsAnEmptySectionAsAllDefaults() throws Exception {
    GatewayConfig config = loader.parse("server:\nadmin: {}\n" + MINIMAL, "sections.yaml");

    assertThat(config.server().maxBody()).isEqualTo(1024 * 1024);
    assertThat(config.admin().listen().getPort()).isEqualTo(9091);
  }

  @Test
  void reportsEveryProblemOfAFileSortedByLine() {
    // Sections are read server, admin, broker, dedup, sources: the reverse of this file's order.
    String yaml =
        """
        sources:
          github:
            path: /webhooks/github
            verify: {scheme: github, secrets: ["${GITHUB_WEBHOOK_SECRET}"]}
            publish: {exchange: webhooks, routing-key: "{nope}"}
        dedup:
          ttl: forever
        broker:
          urls: [amqp://localhost]
          max-in-flight: 0
        server:
          max-body: 10 parsecs
          listen: 0.0.0.0
        """;

    ConfigException thrown = problemsOf(yaml);

    assertThat(thrown.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "line 5:48 sources.github.publish.routing-key: unknown placeholder '{nope}' at"
                + " character 1 (expected {source}, {header:Name} or {json:/pointer}, optionally"
                + " with |default)",
            "line 7:8 dedup.ttl: not a duration: 'forever' (expected a whole number and a unit"
                + " ms, s, m or h, such as 250ms, 5m or 24h)",
            "line 10:18 broker.max-in-flight: must be at least 1, got 0",
            "line 12:13 server.max-body: unknown size unit in '10 parsecs' (expected B, KiB, MiB or"
                + " GiB)",
            "line 13:11 server.listen: not a listen address: '0.0.0.0' (expected host:port, such"
                + " as 0.0.0.0:8080)");
    assertThat(thrown.getMessage().lines())
        .hasSize(5)
        .first()
        .asString()
        .startsWith("several.yaml:5:48: sources.github.publish.routing-key: unknown placeholder");
  }

  @Test
  void expandsSetVariablesAndDefaults() throws Exception {
    ConfigLoader withDefaults =
        new ConfigLoader(Map.of("SET", "from-env", "EMPTY", "", "IN_FLIGHT", "16")::get);
    String yaml =
        """
        broker:
          urls: ["amqp://${HOST:-localhost}/${VHOST:-%2f}"]
          max-in-flight: ${IN_FLIGHT}
        sources:
          github:
            path: /webhooks/${PATH_SUFFIX:-github}
            verify: {scheme: github, secrets: ["${SET}", "${EMPTY:-empty-falls-back}", "$${SET}"]}
            publish: {exchange: webhooks, routing-key: "${SET:-unused}"}
        """;

    GatewayConfig config = withDefaults.parse(yaml, "env.yaml");

    assertThat(config.broker().urls()).containsExactly(URI.create("amqp://localhost/%2f"));
    assertThat(config.broker().maxInFlight()).isEqualTo(16);
    SourceConfig source = config.sources().get(0);
    assertThat(source.path()).isEqualTo("/webhooks/github");
    assertThat(source.verify().secrets()).containsExactly("from-env", "empty-falls-back", "${SET}");
    assertThat(source.routes()).extracting(RouteConfig::routingKey).containsExactly("from-env");
  }

  @Test
  void namesAnUnsetVariableAndTheKeyThatNeedsIt() {
    ConfigException thrown = problemsOf(MINIMAL, Map.of());

    assertThat(thrown.problems())
        .containsExactly(
            new ConfigProblem(
                "sources.github.verify.secrets[0]",
                6,
                40,
                "environment variable GITHUB_WEBHOOK_SECRET is not set"));
  }

  @Test
  void neverPutsASecretIntoAMessage() {
    Map<String, String> environment =
        Map.of("GITHUB_WEBHOOK_SECRET", "s3cr3t-from-env", "RABBIT", "rabbit-s3cr3t");
    String yaml =
        """
        broker:
          urls: ["ftp://hookgate:${RABBIT}@localhost", "amqp://u:literal-s3cr3t@[bad"]
        sources:
          github:
            path: /webhooks/github
            verify:
              scheme: standard-webhooks
              secrets: ["${GITHUB_WEBHOOK_SECRET}", "whsec_s3cr3t!!", {k: map-s3cr3t}, [list-s3cr3t]]
            publish: {exchange: webhooks, routing-key: github}
          gitlab:
            path: /webhooks/gitlab
            verify: {scheme: gitlab, secrets: "scalar-s3cr3t", secrte: typo-s3cr3t}
            publish: {exchange: webhooks, routing-key: gitlab}
          slack:
            path: /webhooks/slack
            verify: {scheme: slack, secret: "${GITHUB_WEBHOOK_SECRET"}
            publish: {exchange: webhooks, routing-key: slack}
          shopify:
            path: /webhooks/shopify
            verify: {scheme: shopify, secret: one-s3cr3t, secrets: [other-s3cr3t]}
            publish: {exchange: webhooks, routing-key: shopify}
        """;

    ConfigException thrown = problemsOf(yaml, environment);

    assertThat(thrown.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "line 2:10 broker.urls[0]: not an AMQP URL: 'ftp://***@localhost' (the scheme must be"
                + " amqp or amqps)",
            "line 2:48 broker.urls[1]: not a URL: 'amqp://***@[bad' (expected closing bracket for"
                + " ipv6 address)",
            "line 8:17 sources.github.verify.secrets[0]: secret (from environment variable"
                + " GITHUB_WEBHOOK_SECRET) does not start with 'whsec_'; the value is not shown",
            "line 8:45 sources.github.verify.secrets[1]: secret is not 'whsec_' followed by valid"
                + " base64; the value is not shown",
            "line 8:63 sources.github.verify.secrets[2]: expected a secret string, got a mapping",
            "line 8:80 sources.github.verify.secrets[3]: expected a secret string, got a list",
            "line 12:39 sources.gitlab.verify.secrets: expected a list, got a string",
            "line 12:56 sources.gitlab.verify.secrte: unknown key 'secrte'; did you mean"
                + " 'secret'?",
            "line 16:37 sources.slack.verify.secret: '${' at character 1 is not closed by '}'",
            "line 20:31 sources.shopify.verify.secret: use either 'secret' or 'secrets', not"
                + " both");
    assertThat(thrown.getMessage()).doesNotContain("s3cr3t");
  }

  @Test
  void neverPutsASecretFromAYamlSyntaxErrorIntoAMessage() {
    ConfigException thrown =
        problemsOf("sources:\n  github:\n    verify: {secrets: [\"hunter2\" \"x\"]}\n", Map.of());

    assertThat(thrown.problems()).hasSize(1);
    assertThat(thrown.getMessage()).contains("invalid YAML").doesNotContain("hunter2");
  }

  @Test
  void refusesAnAliasBomb() {
    StringBuilder yaml = new StringBuilder("a: &a [x, x]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char previous = (char) (c - 1);
      yaml.append(c)
          .append(": &")
          .append(c)
          .append(" [*")
          .append(previous)
          .append(", *")
          .append(previous)
          .append("]\n");
    }

    ConfigException thrown = problemsOf(yaml.toString(), Map.of());

    assertThat(thrown.problems())
        .singleElement()
        .extracting(ConfigProblem::message)
        .asString()
        .startsWith("invalid YAML: Number of aliases for non-scalar nodes exceeds");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n\n", "# only a comment\n", "---\n", "--- ~\n"})
  void reportsAnEmptyFileAsOneProblem(String yaml) {
    assertThat(problemsOf(yaml, Map.of()).problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "line 1:1 the file is empty; expected a mapping with keys server, admin, broker, dedup,"
                + " sources, logging");
  }

  @Test
  void reportsAMissingFileWithoutAPosition(@TempDir Path directory) {
    Path missing = directory.resolve("absent.yaml");

    ConfigException thrown =
        catchThrowableOfType(ConfigException.class, () -> loader.load(missing));

    assertThat(thrown.problems()).containsExactly(new ConfigProblem("", 0, 0, "no such file"));
    assertThat(thrown.getMessage()).isEqualTo(missing + ": no such file");
  }

  @Test
  void reportsAFileThatIsNotUtf8(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("latin1.yaml");
    Files.write(file, "admin: {listen: caf\u00e9}\n".getBytes(StandardCharsets.ISO_8859_1));

    ConfigException thrown = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

    assertThat(thrown.problems())
        .extracting(ConfigProblem::message)
        .containsExactly("the file is not valid UTF-8");
  }

  @Test
  void namesTheFileInEveryLineOfTheMessage(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("gateway.yaml");
    Files.writeString(file, "broker: {}\nsources: {}\n");

    ConfigException thrown = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

    assertThat(thrown.fileName()).isEqualTo(file.toString());
    assertThat(thrown.getMessage())
        .isEqualTo(
            file
                + ":1:1: broker.urls: missing required key 'urls'\n"
                + file
                + ":2:1: sources: at least one source is required");
  }

  private ConfigException problemsOf(String yaml) {
    return problemsOf(yaml, ENVIRONMENT);
  }

  private ConfigException problemsOf(String yaml, Map<String, String> environment) {
    ConfigException thrown =
        catchThrowableOfType(
            ConfigException.class,
            () -> new ConfigLoader(environment::get).parse(yaml, "several.yaml"));
    assertThat(thrown).as("expected problems in:%n%s", yaml).isNotNull();
    return thrown;
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ConfigLoaderTest.class.getResource(name).toURI());
  }

  private static InetAddress ip(String literal) throws IOException {
    return InetAddress.getByName(literal);
  }
}
