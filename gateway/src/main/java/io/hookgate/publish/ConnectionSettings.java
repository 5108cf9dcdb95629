package io.hookgate.publish;

import static java.util.Objects.requireNonNull;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.AddressResolver;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MetricsCollector;
import com.rabbitmq.client.NoOpMetricsCollector;
import com.rabbitmq.client.RecoveryDelayHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Turns the broker URIs into a connection factory and a failover address list; the only place that
 * holds the credentials, which it never puts in text meant for logs.
 *
 * <p>Connections use the client's Netty transport, each on an event loop the caller names (see
 * {@link #connector}): the loop reads the connection's frames, so confirms arrive on it, and a
 * publish made on it is written to the socket without waiting.
 */
final class ConnectionSettings {

  /** The connection name shown in the management UI and {@code rabbitmqctl list_connections}. */
  static final String CONNECTION_NAME = "hookgate";

  // Automatic recovery retries quickly first, then settles at the same cap as the first connect.
  private static final List<Long> RECOVERY_DELAYS_MILLIS = List.of(1_000L, 2_000L, 4_000L, 5_000L);
  private static final int CONNECTION_TIMEOUT_MILLIS = 5_000;
  // How long a write off the loop (an RPC, the close handshake) waits for a socket the broker is
  // not reading before it fails; the client's default, 10s, would hold a shutdown that long twice.
  private static final Duration ENQUEUING_TIMEOUT = Duration.ofSeconds(1);

  /**
   * What a connection's loop may hold for a socket that takes no more before its publishes are
   * refused: room for a loop turn's publishes, which the client's flush consolidation writes at
   * once (Netty's default of 64 KiB is a few dozen 1 KiB events). A message is written whole, so
   * the one that crosses the mark adds up to a body more.
   */
  private static final WriteBufferWaterMark BUFFERED = new WriteBufferWaterMark(256 << 10, 1 << 20);

  private final ConnectionFactory factory;
  private final List<Address> addresses;
  private final String endpoints;

  private ConnectionSettings(ConnectionFactory factory, List<Address> addresses, String endpoints) {
    this.factory = factory;
    this.addresses = addresses;
    this.endpoints = endpoints;
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
      // The Netty transport takes its TLS from here alone, not from what setUri installed.
      SslContextBuilder context =
          SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
      caFile.ifPresent(ca -> context.trustManager(trusting(ca)));
      try {
        factory.netty().sslContext(context.build());
      } catch (SSLException e) {
        throw new IllegalArgumentException("cannot set up TLS for broker.urls: " + e, e);
      }
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
    // The Netty transport for every connection, TLS or not; each loop's connector adds its loop.
    factory.netty();

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
        factory, List.copyOf(addresses), endpoints + " vhost " + factory.getVirtualHost());
  }

  /** Trust in exactly the certificates in {@code caFile}. */
  private static TrustManagerFactory trusting(Path caFile) {
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
      return trust;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read broker.tls.ca-file " + caFile + ": " + e, e);
    }
  }

  private static boolean isTls(URI url) {
    return "amqps".equalsIgnoreCase(url.getScheme());
  }

  /**
   * Opens connections whose sockets are {@code socketChannel}s on {@code loop}, which must be a
   * loop of the matching transport.
   */
  LoopConnector connector(EventLoop loop, Class<? extends SocketChannel> socketChannel) {
    return new LoopConnector(loop, socketChannel);
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

  /** Opens the connections of one event loop, and knows the socket of the latest. */
  final class LoopConnector implements BrokerConnection.Connector {

    private final ConnectionFactory loopFactory;
    // The socket of the connection opened or recovered last; recovery opens a new one.
    private volatile Channel socket;

    private LoopConnector(EventLoop loop, Class<? extends SocketChannel> socketChannel) {
      loopFactory = factory.clone();
      loopFactory
          .netty()
          .eventLoopGroup(loop)
          .enqueuingTimeout(ENQUEUING_TIMEOUT)
          .bootstrapCustomizer(
              bootstrap ->
                  bootstrap
                      .channel(socketChannel)
                      .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECTION_TIMEOUT_MILLIS)
                      .option(ChannelOption.WRITE_BUFFER_WATER_MARK, BUFFERED))
          .channelCustomizer(opened -> socket = opened);
    }

    /**
     * Opens a recovering connection to the first reachable address, in the configured order;
     * automatic recovery walks the same list from the top. Call it off the loop: it waits for the
     * broker's replies, which the loop reads.
     */
    @Override
    public Connection connect() throws IOException, TimeoutException {
      // A null executor is the factory's own default for consumer work, as newConnection(List)
      // uses.
      return loopFactory.newConnection(null, addressResolver(), CONNECTION_NAME);
    }

    /**
     * Whether the socket takes more without buffering past Netty's high-water mark. Writes on the
     * loop never wait for the socket, so this is what bounds the memory a stalled broker can cost.
     */
    @Override
    public boolean writable() {
      Channel current = socket;
      return current != null && current.isWritable();
    }

    /** Closes the socket without the AMQP close handshake, for a broker that stopped reading. */
    @Override
    public void drop() {
      Channel current = socket;
      if (current != null) {
        current.close();
      }
    }
  }
}
