package io.hookgate.config;

import java.time.Duration;

/** How long and how many confirmed event ids are remembered. */
public record DedupConfig(Duration ttl, long maxEntries) {}
