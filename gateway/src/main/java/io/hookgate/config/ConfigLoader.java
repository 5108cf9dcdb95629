package io.hookgate.config;

import static java.util.Objects.requireNonNull;

import io.hookgate.address.CidrAllowlist;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Turns a YAML config file into a validated {@link GatewayConfig}, or a {@link ConfigException}
 * listing every problem in it at once; the only class that knows the file is YAML.
 *
 * <p>{@code ${VAR}} and {@code ${VAR:-default}} in any value are expanded from the environment
 * given to the constructor before the value is interpreted. Sizes are bytes or {@code B}, {@code
 * KiB}, {@code MiB}, {@code GiB} (see {@link Sizes}); durations take {@code ms}, {@code s}, {@code
 * m} or {@code h} (see {@link Durations}).
 */
public final class ConfigLoader {
  private static final List<String> TOP_KEYS =
      List.of("server", "admin", "broker", "dedup", "sources", "logging");
  private static final List<String> SERVER_KEYS =
      List.of(
          "listen",
          "max-body",
          "trusted-proxies",
          "proxy-protocol",
          "request-timeout",
          "max-request-line",
          "max-header-size",
          "idle-timeout",
          "max-connections",
          "tls",
          "max-buffered-bytes",
          "drain-timeout");
  private static final List<String> TLS_KEYS = List.of("cert", "key", "reload-interval");
  private static final List<String> BROKER_TLS_KEYS = List.of("ca-file");
  private static final List<String> ADMIN_KEYS = List.of("listen");
  private static final List<String> BROKER_KEYS =
      List.of("urls", "confirm-timeout", "max-in-flight", "tls", "declare");
  private static final List<String> DEDUP_KEYS = List.of("ttl", "max-entries");
  private static final List<String> LOGGING_KEYS = List.of("format", "access-log");

  private static final InetSocketAddress DEFAULT_LISTEN = ListenAddresses.parse("0.0.0.0:8080");
  private static final long DEFAULT_MAX_BODY = 1L << 20;
  private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Below this a request line or header section cannot hold an ordinary webhook's head. */
  private static final long MIN_HEAD_LIMIT = 64;

  private static final long MAX_HEAD_LIMIT = 1L << 20;
  private static final InetSocketAddress DEFAULT_ADMIN_LISTEN =
      ListenAddresses.parse("127.0.0.1:9091");
  private static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(2);
  private static final int DEFAULT_MAX_IN_FLIGHT = 10_000;
  private static final Duration DEFAULT_DEDUP_TTL = Duration.ofHours(24);
  private static final long DEFAULT_DEDUP_MAX_ENTRIES = 1_000_000;

  /** Where problems about the whole file point: line 1, column 1. */
  private static final Mark FILE_START = new Mark("", 0, 0, 0, new int[0], 0);

  private final Function<String, String> environment;

  /**
   * @param environment looks up {@code ${VAR}} references; {@code System::getenv} in production
   */
  public ConfigLoader(Function<String, String> environment) {
    this.environment = requireNonNull(environment, "environment");
  }

  /** Reads and validates {@code file}, which must be UTF-8. */
  public GatewayConfig load(Path file) throws ConfigException {
    requireNonNull(file, "file");
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (CharacterCodingException e) {
      throw fileProblem(file, "the file is not valid UTF-8");
    } catch (NoSuchFileException e) {
      throw fileProblem(file, "no such file");
    } catch (AccessDeniedException e) {
      throw fileProblem(file, "permission denied");
    } catch (IOException e) {
      throw fileProblem(file, "cannot read the file: " + e);
    }
    return parse(yaml, file.toString());
  }

  /**
   * Validates {@code yaml}.
   *
   * @param fileName names the source in {@link ConfigException#getMessage()}
   */
  public GatewayConfig parse(String yaml, String fileName) throws ConfigException {
    requireNonNull(yaml, "yaml");
    requireNonNull(fileName, "fileName");
    Diagnostics diagnostics = new Diagnostics();
    Optional<GatewayConfig> config = read(yaml, diagnostics);
    if (diagnostics.hasProblems()) {
      throw new ConfigException(fileName, diagnostics.sorted());
    }
    return config.orElseThrow(() -> new IllegalStateException("no config and no problem"));
  }

  private Optional<GatewayConfig> read(String yaml, Diagnostics diagnostics) {
    Node root;
    try {
      root = newYaml().compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      // Only the problem text: the exception's message quotes the source line, maybe a secret.
      Mark at = e.getProblemMark() != null ? e.getProblemMark() : FILE_START;
      diagnostics.report("", at, "invalid YAML: " + e.getProblem() + context(e));
      return Optional.empty();
    } catch (YAMLException e) {
      diagnostics.report("", FILE_START, "invalid YAML: " + e.getMessage());
      return Optional.empty();
    }
    if (!(root instanceof MappingNode)) {
      // A file of only comments composes to nothing, a lone "---" to a null scalar.
      boolean empty = root == null || root.getTag().equals(Tag.NULL);
      String what = empty ? "the file is empty" : "the top level is not a mapping";
      diagnostics.report(
          "", FILE_START, what + "; expected a mapping with keys " + String.join(", ", TOP_KEYS));
      return Optional.empty();
    }
    YamlValue rootValue =
        new YamlValue(root, "", FILE_START, new EnvironmentExpander(environment), diagnostics);
    return rootValue.section(TOP_KEYS).flatMap(ConfigLoader::read);
  }

  private static Optional<GatewayConfig> read(YamlSection top) {
    ServerConfig server = server(section(top, "server", SERVER_KEYS));
    AdminConfig admin = admin(section(top, "admin", ADMIN_KEYS));
    Optional<BrokerConfig> broker =
        top.required("broker").flatMap(v -> v.section(BROKER_KEYS)).map(ConfigLoader::broker);
    DedupConfig dedup = dedup(section(top, "dedup", DEDUP_KEYS));
    List<SourceConfig> sources =
        top.required("sources").map(SourceConfigReader::read).orElse(List.of());
    LoggingConfig logging = logging(section(top, "logging", LOGGING_KEYS));
    return broker.map(b -> new GatewayConfig(server, admin, b, dedup, sources, logging));
  }

  private static LoggingConfig logging(Optional<YamlSection> section) {
    return new LoggingConfig(
        value(section, "format", v -> v.oneOf("log format", List.of("text", "json")))
            .map(format -> LoggingConfig.Format.valueOf(format.toUpperCase(Locale.ROOT)))
            .orElse(LoggingConfig.DEFAULT.format()),
        value(section, "access-log", YamlValue::bool).orElse(LoggingConfig.DEFAULT.accessLog()));
  }

  private static ServerConfig server(Optional<YamlSection> section) {
    long maxBody =
        value(section, "max-body", v -> v.parsed("a size", ConfigLoader::maxBody))
            .orElse(DEFAULT_MAX_BODY);
    return new ServerConfig(
        value(section, "listen", v -> v.parsed("host:port", ListenAddresses::parse))
            .orElse(DEFAULT_LISTEN),
        maxBody,
        value(section, "trusted-proxies", v -> v.list().map(SourceConfigReader::cidrs))
            .map(CidrAllowlist::of)
            .orElse(CidrAllowlist.NONE),
        value(section, "proxy-protocol", YamlValue::bool).orElse(false),
        value(section, "request-timeout", v -> v.parsed("a duration", Durations::parse))
            .orElse(DEFAULT_REQUEST_TIMEOUT),
        value(section, "max-request-line", v -> v.parsed("a size", ConfigLoader::headLimit))
            .orElse(ServerConfig.DEFAULT_MAX_REQUEST_LINE),
        value(section, "max-header-size", v -> v.parsed("a size", ConfigLoader::headLimit))
            .orElse(ServerConfig.DEFAULT_MAX_HEADER_SIZE),
        value(section, "idle-timeout", v -> v.parsed("a duration", Durations::parse))
            .orElse(ServerConfig.DEFAULT_IDLE_TIMEOUT),
        value(section, "max-connections", v -> v.integer(1, Integer.MAX_VALUE))
            .map(Long::intValue)
            .orElse(ServerConfig.DEFAULT_MAX_CONNECTIONS),
        value(section, "tls", v -> v.section(TLS_KEYS)).flatMap(ConfigLoader::tls),
        maxBufferedBytes(section, maxBody),
        value(section, "drain-timeout", v -> v.parsed("a duration", Durations::parse))
            .orElse(ServerConfig.DEFAULT_DRAIN_TIMEOUT));
  }

  private static Optional<TlsConfig> tls(YamlSection section) {
    Optional<Path> cert = section.required("cert").flatMap(ConfigLoader::readableFile);
    Optional<Path> key = section.required("key").flatMap(ConfigLoader::readableFile);
    Duration reload =
        section
            .optional("reload-interval")
            .flatMap(v -> v.parsed("a duration", Durations::parse))
            .orElse(TlsConfig.DEFAULT_RELOAD_INTERVAL);
    return cert.flatMap(c -> key.map(k -> new TlsConfig(c, k, reload)));
  }

  /** A path to a regular file this process can read; relative paths are from the working dir. */
  static Optional<Path> readableFile(YamlValue value) {
    return value.parsed(
        "a file path",
        text -> {
          Path path = Path.of(text);
          if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no such file: '" + text + "'");
          }
          if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("cannot read file: '" + text + "'");
          }
          return path;
        });
  }

  private static long maxBufferedBytes(Optional<YamlSection> section, long maxBody) {
    Optional<YamlValue> value = section.flatMap(s -> s.optional("max-buffered-bytes"));
    Optional<Long> parsed = value.flatMap(v -> v.parsed("a size", Sizes::parse));
    if (parsed.isPresent() && parsed.get() < maxBody) {
      // A bound below one body would refuse every body of the largest allowed size.
      value.get().report("must be at least max-body (" + maxBody + " bytes), got " + parsed.get());
    }
    return parsed.orElse(Math.max(ServerConfig.DEFAULT_MAX_BUFFERED_BYTES, maxBody));
  }

  private static AdminConfig admin(Optional<YamlSection> section) {
    return new AdminConfig(
        value(section, "listen", v -> v.parsed("host:port", ListenAddresses::parse))
            .orElse(DEFAULT_ADMIN_LISTEN));
  }

  private static BrokerConfig broker(YamlSection section) {
    Optional<YamlSection> optional = Optional.of(section);
    return new BrokerConfig(
        section.required("urls").flatMap(ConfigLoader::urls).orElse(List.of()),
        value(optional, "confirm-timeout", v -> v.parsed("a duration", Durations::parse))
            .orElse(DEFAULT_CONFIRM_TIMEOUT),
        value(optional, "max-in-flight", v -> v.integer(1, Integer.MAX_VALUE))
            .map(Long::intValue)
            .orElse(DEFAULT_MAX_IN_FLIGHT),
        value(optional, "tls", v -> v.section(BROKER_TLS_KEYS))
            .flatMap(tls -> tls.optional("ca-file"))
            .flatMap(ConfigLoader::readableFile),
        value(optional, "declare", DeclareConfigReader::read).orElse(DeclareConfig.NONE));
  }

  private static DedupConfig dedup(Optional<YamlSection> section) {
    return new DedupConfig(
        value(section, "ttl", v -> v.parsed("a duration", Durations::parse))
            .orElse(DEFAULT_DEDUP_TTL),
        value(section, "max-entries", v -> v.integer(1, Long.MAX_VALUE))
            .orElse(DEFAULT_DEDUP_MAX_ENTRIES));
  }

  private static Optional<List<URI>> urls(YamlValue value) {
    return value
        .list()
        .map(
            items -> {
              if (items.isEmpty()) {
                value.reportAtName("at least one broker URL is required");
              }
              return items.stream()
                  .map(item -> item.parsed("an AMQP URL", AmqpUris::parse))
                  .flatMap(Optional::stream)
                  .toList();
            });
  }

  private static int headLimit(String text) {
    long size = Sizes.parse(text);
    if (size < MIN_HEAD_LIMIT || size > MAX_HEAD_LIMIT) {
      throw new IllegalArgumentException("must be between 64B and 1MiB, got '" + text + "'");
    }
    return (int) size;
  }

  static long maxBody(String text) {
    long size = Sizes.parse(text);
    // Bodies are held whole in memory to be verified, and Netty counts aggregated content in int.
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "max-body must be at most " + Integer.MAX_VALUE + " bytes, got '" + text + "'");
    }
    return size;
  }

  /** An optional section; absent or not a mapping (reported) reads as all defaults. */
  private static Optional<YamlSection> section(YamlSection top, String key, List<String> keys) {
    return top.optional(key).flatMap(v -> v.section(keys));
  }

  private static <T> Optional<T> value(
      Optional<YamlSection> section, String key, Function<YamlValue, Optional<T>> reader) {
    return section.flatMap(s -> s.optional(key)).flatMap(reader);
  }

  /** Where the construct the parser was in began, which is often where the mistake is. */
  private static String context(MarkedYAMLException e) {
    if (e.getContext() == null) {
      return "";
    }
    Mark start = e.getContextMark();
    String where =
        start == null
            ? ""
            : " that started at line " + (start.getLine() + 1) + ":" + (start.getColumn() + 1);
    return " (" + e.getContext() + where + ")";
  }

  private static ConfigException fileProblem(Path file, String message) {
    return new ConfigException(file.toString(), List.of(new ConfigProblem("", 0, 0, message)));
  }

  private static Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    // These limits keep a hostile or broken file from exhausting memory (alias bombs, deep
    // nesting). Duplicate keys are not set here: only the constructor checks that option and
    // compose() never runs it, so YamlValue reports them itself, naming both lines.
    options.setMaxAliasesForCollections(10);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(20);
    options.setCodePointLimit(1 << 20);
    DumperOptions dumperOptions = new DumperOptions();
    // compose() builds nodes only and never instantiates a type; SafeConstructor is there so that
    // nothing can, should this Yaml ever be asked to load objects.
    return new Yaml(
        new SafeConstructor(options), new Representer(dumperOptions), dumperOptions, options);
  }
}
