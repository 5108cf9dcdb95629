package io.hookgate.config;

import java.net.InetSocketAddress;

/** The admin listener serving {@code /healthz}, {@code /readyz} and {@code /metrics}. */
public record AdminConfig(InetSocketAddress listen) {}
