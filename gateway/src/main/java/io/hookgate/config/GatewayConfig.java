package io.hookgate.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The whole validated configuration; built only by {@link ConfigLoader}. */
public record GatewayConfig(
    ServerConfig server,
    AdminConfig admin,
    BrokerConfig broker,
    DedupConfig dedup,
    List<SourceConfig> sources,
    LoggingConfig logging) {

  public GatewayConfig {
    requireNonNull(server, "server");
    requireNonNull(admin, "admin");
    requireNonNull(broker, "broker");
    requireNonNull(dedup, "dedup");
    sources = List.copyOf(sources);
    requireNonNull(logging, "logging");
  }

  /** A configuration with the default {@link LoggingConfig}. */
  public GatewayConfig(
      ServerConfig server,
      AdminConfig admin,
      BrokerConfig broker,
      DedupConfig dedup,
      List<SourceConfig> sources) {
    this(server, admin, broker, dedup, sources, LoggingConfig.DEFAULT);
  }
}
