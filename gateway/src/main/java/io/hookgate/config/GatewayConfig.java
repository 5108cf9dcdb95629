package io.hookgate.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The whole validated configuration; built only by {@link ConfigLoader}. */
public record GatewayConfig(
    ServerConfig server,
    AdminConfig admin,
    BrokerConfig broker,
    DedupConfig dedup,
    List<SourceConfig> sources) {

  public GatewayConfig {
    requireNonNull(server, "server");
    requireNonNull(admin, "admin");
    requireNonNull(broker, "broker");
    requireNonNull(dedup, "dedup");
    sources = List.copyOf(sources);
  }
}
