package io.hookgate.publish;

import static java.util.Objects.requireNonNull;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.AddressResolver;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MetricsCollector;
import com.rabbitmq.client.NoOpMetricsCollector;
import com.rabbitmq.client.RecoveryDelayHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Turns the broker URIs into a connection factory and a failover address list; the only place that
 * holds the credentials, which it never puts in text meant for logs.
 */
final class ConnectionSettings {

  /** The connection name shown in the management UI and {@code rabbitmqctl list_connections}. */
  static final String CONNECTION_NAME = "hookgate";

  // Automatic recovery retries quickly first, then settles at the same cap as the first connect.
  private static final List<Long> RECOVERY_DELAYS_MILLIS = List.of(1_000L, 2_000L, 4_000L, 5_000L);
  private static final int CONNECTION_TIMEOUT_MILLIS = 5_000;

  private final ConnectionFactory factory;
  private final List<Address> addresses;
  private final String endpoints;
  // Every socket the factory opened that is not known closed: the last resort of close().
  private final Set<Socket> sockets;

  private ConnectionSettings(
      ConnectionFactory factory, List<Address> addresses, String endpoints, Set<Socket> sockets) {
    this.factory = factory;
    this.addresses = addresses;
    this.endpoints = endpoints;
    this.sockets = sockets;
  }

  /**
   * Credentials, virtual host and TLS come from the first URI (a cluster shares them); every URI
   * contributes an address that automatic recovery fails over to.
   */
  static ConnectionSettings of(List<URI> urls) {
    return of(urls, Optional.empty());
  }

  /**
   * As {@link #of(List)}; for {@code amqps} brokers, {@code caFile} (PEM) replaces the JVM's
   * default trust store.
   */
  static ConnectionSettings of(List<URI> urls, Optional<Path> caFile) {
    return of(urls, caFile, new NoOpMetricsCollector());
  }

  /** As above, with the client reporting connections, channels and publishes to {@code metrics}. */
  static ConnectionSettings of(List<URI> urls, Optional<Path> caFile, MetricsCollector metrics) {
    requireNonNull(urls, "urls");
    requireNonNull(caFile, "caFile");
    requireNonNull(metrics, "metrics");
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("broker.urls must name at least one broker");
    }
    URI first = urls.get(0);
    ConnectionFactory factory = new ConnectionFactory();
    try {
      // For amqps this also installs a TLS context trusting the JVM's default trust store.
      factory.setUri(first);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // Never echo the URI itself: it carries the password.
      throw new IllegalArgumentException("broker.urls[0] is not a usable AMQP URI", e);
    }
    boolean tls = isTls(first);
    if (tls) {
      if (caFile.isPresent()) {
        factory.useSslProtocol(trusting(caFile.get()));
      }
      // setUri checks the certificate chain but not that it names the host we dialled.
      factory.enableHostnameVerification();
    }
    factory.setAutomaticRecoveryEnabled(true);
    // The publisher declares broker.declare itself after every recovery (Topology), where a
    // conflict is reported by name; the client's replay would also replay declarations of
    // connections since closed.
    factory.setTopologyRecoveryEnabled(false);
    factory.setRecoveryDelayHandler(
        new RecoveryDelayHandler.ExponentialBackoffDelayHandler(RECOVERY_DELAYS_MILLIS));
    factory.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    factory.setMetricsCollector(metrics);
    Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    // Added to what is there, never in its place: for amqps that includes hostname verification.
    factory.setSocketConfigurator(
        factory
            .getSocketConfigurator()
            .andThen(
                socket -> {
                  sockets.removeIf(Socket::isClosed); // Those of connections lost and recovered.
                  sockets.add(socket);
                }));

    List<Address> addresses = new ArrayList<>(urls.size());
    StringJoiner endpoints = new StringJoiner(", ");
    for (int i = 0; i < urls.size(); i++) {
      URI url = urls.get(i);
      if (url.getHost() == null || isTls(url) != tls) {
        throw new IllegalArgumentException(
            "broker.urls[" + i + "] needs a host and the same scheme as broker.urls[0]");
      }
      int port = url.getPort() != -1 ? url.getPort() : tls ? 5671 : 5672;
      addresses.add(new Address(url.getHost(), port));
      endpoints.add(url.getScheme() + "://" + url.getHost() + ":" + port);
    }
    return new ConnectionSettings(
        factory, List.copyOf(addresses), endpoints + " vhost " + factory.getVirtualHost(), sockets);
  }

  /** A TLS context that trusts exactly the certificates in {@code caFile}. */
  static SSLContext trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca-" + i++, ca);
      }
      if (i == 0) {
        throw new IllegalArgumentException("broker.tls.ca-file holds no certificate: " + caFile);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read broker.tls.ca-file " + caFile + ": " + e, e);
    }
  }

  private static boolean isTls(URI url) {
    return "amqps".equalsIgnoreCase(url.getScheme());
  }

  /**
   * Opens a recovering connection to the first reachable address, in the configured order;
   * automatic recovery walks the same list from the top.
   */
  Connection connect() throws IOException, TimeoutException {
    // A null executor is the factory's own default for consumer work, as newConnection(List) uses.
    return factory.newConnection(null, addressResolver(), CONNECTION_NAME);
  }

  /**
   * The addresses in the configured order. The client's own resolvers shuffle the list on every
   * connect and recovery ({@link AddressResolver#maybeShuffle}), which spreads clients over a
   * cluster but ignores an operator's preference (a local node first, a remote one as the last
   * resort). To spread replicas, give each its own order.
   */
  AddressResolver addressResolver() {
    return new AddressResolver() {
      @Override
      public List<Address> getAddresses() {
        return addresses;
      }

      @Override
      public List<Address> maybeShuffle(List<Address> input) {
        return input;
      }
    };
  }

  /**
   * Closes the sockets of the connections this factory opened, without the AMQP close handshake:
   * for a broker that stopped reading, whose socket a clean close would wait on forever.
   */
  void dropSockets() {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // Closing anyway.
      }
    }
    sockets.clear();
  }

  /** Where we connect, safe to log: schemes, hosts, ports and vhost, no credentials. */
  String endpoints() {
    return endpoints;
  }

  ConnectionFactory factory() {
    return factory;
  }

  List<Address> addresses() {
    return addresses;
  }
}
