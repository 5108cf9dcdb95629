package io.hookgate.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * HTTPS for the webhook listener; both files are re-read when they change.
 *
 * @param cert PEM certificate chain, leaf first
 * @param key PEM private key (unencrypted PKCS#8) of the leaf certificate
 * @param reloadInterval how often the files are checked for a change
 */
public record TlsConfig(Path cert, Path key, Duration reloadInterval) {
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);

  public TlsConfig {
    requireNonNull(cert, "cert");
    requireNonNull(key, "key");
    requireNonNull(reloadInterval, "reloadInterval");
  }
}
