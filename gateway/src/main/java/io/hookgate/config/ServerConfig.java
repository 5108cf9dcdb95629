package io.hookgate.config;

import io.hookgate.address.CidrAllowlist;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The webhook listener.
 *
 * @param listen address and port to bind
 * @param maxBody largest accepted body in bytes; larger is 413
 * @param trustedProxies peers whose {@code X-Forwarded-For} is believed; empty = none
 * @param proxyProtocol whether every connection starts with a HAProxy PROXY header
 * @param requestTimeout deadline for a whole request from its first byte
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
    long maxBufferedBytes,
    Duration drainTimeout) {

  /** Default of {@code server.max-buffered-bytes}, raised to {@code max-body} if that is larger. */
  public static final long DEFAULT_MAX_BUFFERED_BYTES = 64L << 20;

  /** Default of {@code server.drain-timeout}. */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

  /** With the defaults for the buffered-bytes bound and the drain timeout. */
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
        Math.max(DEFAULT_MAX_BUFFERED_BYTES, maxBody),
        DEFAULT_DRAIN_TIMEOUT);
  }
}
