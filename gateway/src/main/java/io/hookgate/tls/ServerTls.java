package io.hookgate.tls;

import static java.util.Objects.requireNonNull;

import io.hookgate.config.TlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTPS for the webhook listener: a server {@link SslContext} built from the PEM files of {@code
 * server.tls}, rebuilt when either file changes so a renewed certificate is served to new
 * connections without a restart. Connections already open keep the certificate they shook hands
 * with.
 *
 * <p>The files are polled from one daemon thread of this object's own, never from an event loop:
 * reading and parsing them is blocking work. A pair that fails to load, or whose key does not match
 * the certificate (say, the certificate written and the key not yet), leaves the previous context
 * in place, is logged naming the files, and is retried at each poll until it loads.
 */
public final class ServerTls implements AutoCloseable {
  /** TLS 1.0 and 1.1 are deprecated (RFC 8996); nothing older is offered either. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

  private final TlsConfig config;
  private final AtomicReference<SslContext> context;
  private final ScheduledExecutorService poller;
  private FileStamp loaded; // poller thread only, after construction

  private ServerTls(TlsConfig config, SslContext first, FileStamp stamp) {
    this.config = config;
    this.context = new AtomicReference<>(first);
    this.loaded = stamp;
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "hookgate-tls-reload");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Loads the certificate and key, failing when they cannot serve, then checks them for changes
   * every {@code pollInterval}.
   *
   * @throws IllegalArgumentException naming the files when they do not load
   */
  public static ServerTls start(TlsConfig config, Duration pollInterval) {
    requireNonNull(config, "config");
    FileStamp stamp = FileStamp.of(config);
    ServerTls tls = new ServerTls(config, build(config), stamp);
    long millis = Math.max(1, pollInterval.toMillis());
    tls.poller.scheduleWithFixedDelay(tls::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
    return tls;
  }

  /**
   * A TLS 1.2/1.3 server context with a modern cipher list from the PEM files, whose key must match
   * the leaf certificate.
   */
  static SslContext build(TlsConfig config) {
    try {
      X509Certificate[] chain = PemFiles.certificates(config.cert().toFile());
      PrivateKey key = PemFiles.key(config.key().toFile());
      if (!KeyMatch.matches(key, chain[0].getPublicKey())) {
        throw new IllegalArgumentException(
            "the private key does not match the certificate's public key");
      }
      return SslContextBuilder.forServer(key, chain)
          .sslProvider(SslProvider.JDK)
          .protocols(PROTOCOLS)
          // Netty's list for HTTP/2 is the modern one: forward secrecy and AEAD ciphers only.
          .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
          .build();
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot load server.tls cert "
              + config.cert()
              + " with key "
              + config.key()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** A handler for one new connection, with the current certificate. */
  public SslHandler newHandler(ByteBufAllocator alloc) {
    return context.get().newHandler(alloc);
  }

  /** The context new connections get now. */
  SslContext current() {
    return context.get();
  }

  private void reloadIfChanged() {
    FileStamp now;
    try {
      now = FileStamp.of(config);
    } catch (IllegalArgumentException e) {
      log.warn("server.tls files unreadable, keeping the current certificate: {}", e.getMessage());
      return;
    }
    if (now.equals(loaded)) {
      return;
    }
    try {
      context.set(build(config));
      loaded = now;
      log.info("server.tls certificate reloaded from {}", config.cert());
    } catch (RuntimeException e) {
      // Retried at the next poll: a renewal may be half written. Whatever failed, the poll must
      // not: an exception would end the schedule and with it every later renewal.
      log.warn("server.tls reload failed, keeping the current certificate: {}", e.getMessage());
    }
  }

  /** Stops watching the files; connections keep working. */
  @Override
  public void close() {
    poller.shutdownNow();
  }

  /**
   * Netty's PEM readers (the ones {@code SslContextBuilder.forServer(File, File)} uses), which
   * {@link SslContext} keeps protected: reading the pair here lets it be checked before it serves.
   * Never instantiated.
   */
  private abstract static class PemFiles extends SslContext {
    static X509Certificate[] certificates(File file) throws CertificateException {
      return toX509Certificates(file);
    }

    static PrivateKey key(File file) throws GeneralSecurityException, IOException {
      return toPrivateKey(file, null);
    }
  }

  /** What a file looks like from outside: a change to either file changes the stamp. */
  private record FileStamp(
      FileTime certModified, long certSize, FileTime keyModified, long keySize) {
    static FileStamp of(TlsConfig config) {
      try {
        return new FileStamp(
            Files.getLastModifiedTime(config.cert()),
            Files.size(config.cert()),
            Files.getLastModifiedTime(config.key()),
            Files.size(config.key()));
      } catch (IOException e) {
        throw new IllegalArgumentException(e.toString(), e);
      }
    }
  }
}
