package io.hookgate.config;

import static java.util.Objects.requireNonNull;

import io.hookgate.address.CidrAllowlist;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * The webhook listener.
 *
 * @param listen address and port to bind
 * @param maxBody largest accepted body in bytes, for sources without a limit of their own; larger
 *     is 413
 * @param trustedProxies peers whose {@code X-Forwarded-For} is believed; empty = none
 * @param proxyProtocol whether every connection starts with a HAProxy PROXY header
 * @param requestTimeout deadline for a whole request from its first byte; then 408 and close
 * @param maxRequestLine longest request line in bytes; longer is 414
 * @param maxHeaderSize largest header section in bytes; larger is 431
 * @param idleTimeout how long a connection may go without traffic before it is closed
 * @param maxConnections open connections beyond which new ones are closed at once
 * @param tls certificate and key to serve HTTPS with; empty = plain HTTP
 * @param maxBufferedBytes request bodies held across the server, from aggregation until answered;
 *     beyond it 503 at once
 * @param drainTimeout on shutdown, how long requests in flight may wait for their confirms
 */
public record ServerConfig(
    InetSocketAddress listen,
    long maxBody,
    CidrAllowlist trustedProxies,
    boolean proxyProtocol,
    Duration requestTimeout,
    int maxRequestLine,
    int maxHeaderSize,
    Duration idleTimeout,
    int maxConnections,
    Optional<TlsConfig> tls,
    long maxBufferedBytes,
    Duration drainTimeout) {

  public static final int DEFAULT_MAX_REQUEST_LINE = 8192;
  public static final int DEFAULT_MAX_HEADER_SIZE = 16384;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  /** Default of {@code server.max-buffered-bytes}, raised to {@code max-body} if that is larger. */
  public static final long DEFAULT_MAX_BUFFERED_BYTES = 64L << 20;

  /** Default of {@code server.drain-timeout}. */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

  public ServerConfig {
    requireNonNull(listen, "listen");
    requireNonNull(trustedProxies, "trustedProxies");
    requireNonNull(requestTimeout, "requestTimeout");
    requireNonNull(idleTimeout, "idleTimeout");
    requireNonNull(tls, "tls");
    requireNonNull(drainTimeout, "drainTimeout");
  }

  /** A plain-HTTP listener with the default edge limits. */
  public ServerConfig(
      InetSocketAddress listen,
      long maxBody,
      CidrAllowlist trustedProxies,
      boolean proxyProtocol,
      Duration requestTimeout) {
    this(
        listen,
        maxBody,
        trustedProxies,
        proxyProtocol,
        requestTimeout,
        DEFAULT_MAX_REQUEST_LINE,
        DEFAULT_MAX_HEADER_SIZE,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS,
        Optional.empty(),
        Math.max(DEFAULT_MAX_BUFFERED_BYTES, maxBody),
        DEFAULT_DRAIN_TIMEOUT);
  }
}
