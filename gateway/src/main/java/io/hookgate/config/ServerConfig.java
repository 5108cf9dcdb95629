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
 */
public record ServerConfig(
    InetSocketAddress listen,
    long maxBody,
    CidrAllowlist trustedProxies,
    boolean proxyProtocol,
    Duration requestTimeout) {}
