package io.hookgate.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.AddressResolver;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MetricsCollector;
import com.rabbitmq.client.NoOpMetricsCollector;
import com.rabbitmq.client.impl.NetworkConnection;
import io.hookgate.testing.TestCertificate;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSettingsTest {

  @Test
  void takesCredentialsAndVhostFromTheFirstUriAndEveryAddressForFailover() {
    ConnectionSettings settings =
        ConnectionSettings.of(
            List.of(
                URI.create("amqp://hook%40gate:s3cr%3At@rabbit-a:5673/events"),
                URI.create("amqp://rabbit-b")));

    ConnectionFactory factory = settings.factory();
    assertThat(factory.getUsername()).isEqualTo("hook@gate");
    assertThat(factory.getPassword()).isEqualTo("s3cr:t");
    assertThat(factory.getVirtualHost()).isEqualTo("events");
    assertThat(factory.isSSL()).isFalse();
    assertThat(settings.addresses())
        .containsExactly(new Address("rabbit-a", 5673), new Address("rabbit-b", 5672));
  }

  @Test
  void triesAddressesInTheConfiguredOrderNeverShuffled() throws Exception {
    List<URI> urls = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      urls.add(URI.create("amqp://u:p@rabbit-" + i + ":5672/%2f"));
    }
    ConnectionSettings settings = ConnectionSettings.of(urls);
    AddressResolver resolver = settings.addressResolver();

    for (int attempt = 0; attempt < 20; attempt++) {
      assertThat(resolver.maybeShuffle(resolver.getAddresses()))
          .extracting(Address::getHost)
          .containsExactly(
              "rabbit-1",
              "rabbit-2",
              "rabbit-3",
              "rabbit-4",
              "rabbit-5",
              "rabbit-6",
              "rabbit-7",
              "rabbit-8");
    }
  }

  @Test
  void recoversTheConnectionButDeclaresNoTopology() {
    ConnectionFactory factory =
        ConnectionSettings.of(List.of(URI.create("amqp://guest:guest@localhost"))).factory();

    assertThat(factory.isAutomaticRecoveryEnabled()).isTrue();
    assertThat(factory.isTopologyRecoveryEnabled()).isFalse();
  }

  @Test
  void reportsToTheGivenMetricsCollector() {
    MetricsCollector metrics = new NoOpMetricsCollector();

    ConnectionFactory factory =
        ConnectionSettings.of(
                List.of(URI.create("amqp://guest:guest@localhost")), Optional.empty(), metrics)
            .factory();

    assertThat(factory.getMetricsCollector()).isSameAs(metrics);
  }

  @Test
  void amqpsUsesTlsOnTheTlsPortByDefault() {
    ConnectionSettings settings =
        ConnectionSettings.of(
            List.of(
                URI.create("amqps://guest:guest@rabbit-a"), URI.create("amqps://rabbit-b:5676")));

    assertThat(settings.factory().isSSL()).isTrue();
    assertThat(settings.addresses())
        .containsExactly(new Address("rabbit-a", 5671), new Address("rabbit-b", 5676));
  }

  /** A TLS listener that records whether a client completed the handshake, then hangs up. */
  private static CompletableFuture<Boolean> tlsListener(
      TestCertificate certificate, ServerSocket[] bound) throws Exception {
    SSLServerSocket server =
        (SSLServerSocket)
            certificate
                .serverContext()
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    bound[0] = server;
    return CompletableFuture.supplyAsync(
        () -> {
          try (server;
              SSLSocket accepted = (SSLSocket) server.accept()) {
            accepted.setSoTimeout(10_000);
            accepted.startHandshake();
            return true;
          } catch (IOException e) {
            return false;
          }
        });
  }

  private static boolean handshakes(TestCertificate served, String host, Optional<Path> caFile)
      throws Exception {
    ServerSocket[] bound = new ServerSocket[1];
    CompletableFuture<Boolean> handshake = tlsListener(served, bound);
    URI url = URI.create("amqps://guest:guest@" + host + ":" + bound[0].getLocalPort() + "/");
    ConnectionSettings settings = ConnectionSettings.of(List.of(url), caFile);
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      ConnectionSettings.LoopConnector connector =
          settings.connector(loops.next(), NioSocketChannel.class);
      // Never an AMQP broker behind it: the connection fails either way; the listener tells how.
      assertThatThrownBy(connector::connect).isInstanceOf(Exception.class);
      return handshake.get(20, TimeUnit.SECONDS);
    } finally {
      loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void aLoopConnectorSeesItsSocketAndDropsItForRecoveryToReplace() throws Exception {
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      ConnectionSettings.LoopConnector connector =
          ConnectionSettings.of(List.of(URI.create("amqp://guest:guest@127.0.0.1:5672/%2F")))
              .connector(loops.next(), NioSocketChannel.class);
      Connection connection = connector.connect();
      try {
        NetworkConnection network = (NetworkConnection) connection;
        int first = network.getLocalPort();
        assertThat(connector.writable()).isTrue();

        connector.drop();

        await().until(() -> connection.isOpen() && network.getLocalPort() != first);
        assertThat(connector.writable()).isTrue();
      } finally {
        connection.close();
      }
    } finally {
      loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void amqpsTrustsTheConfiguredCaFile(@TempDir Path dir) throws Exception {
    TestCertificate broker = TestCertificate.selfSigned("rabbit.test", "127.0.0.1");
    Path ca = dir.resolve("ca.pem");
    broker.writeCertificatePem(ca);

    assertThat(handshakes(broker, "127.0.0.1", Optional.of(ca))).isTrue();
  }

  @Test
  void amqpsRefusesABrokerTheTrustStoreDoesNotVouchFor(@TempDir Path dir) throws Exception {
    TestCertificate broker = TestCertificate.selfSigned("rabbit.test", "127.0.0.1");
    Path otherCa = dir.resolve("other-ca.pem");
    TestCertificate.selfSigned("other-ca.test").writeCertificatePem(otherCa);

    assertThat(handshakes(broker, "127.0.0.1", Optional.of(otherCa))).isFalse();
    assertThat(handshakes(broker, "127.0.0.1", Optional.empty())).isFalse();
  }

  @Test
  void amqpsVerifiesTheBrokerHostName(@TempDir Path dir) throws Exception {
    // Trusted, but issued to another name than the address dialled.
    TestCertificate broker = TestCertificate.selfSigned("rabbit.test", "rabbit.test");
    Path ca = dir.resolve("ca.pem");
    broker.writeCertificatePem(ca);

    assertThat(handshakes(broker, "127.0.0.1", Optional.of(ca))).isFalse();
  }

  @Test
  void unreadableCaFileIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "no certificates here");

    assertThatThrownBy(
            () ->
                ConnectionSettings.of(
                    List.of(URI.create("amqps://u:hunter2@rabbit-a")), Optional.of(ca)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broker.tls.ca-file")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void endpointsForLogsNeverContainCredentials() {
    ConnectionSettings settings =
        ConnectionSettings.of(List.of(URI.create("amqp://hookgate:hunter2@rabbit-a/events")));

    assertThat(settings.endpoints())
        .isEqualTo("amqp://rabbit-a:5672 vhost events")
        .doesNotContain("hunter2")
        .doesNotContain("hookgate");
  }

  @Test
  void rejectsMixingTlsAndPlainUris() {
    assertThatThrownBy(
            () ->
                ConnectionSettings.of(
                    List.of(URI.create("amqps://u:p@rabbit-a"), URI.create("amqp://rabbit-b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broker.urls[1]");
  }

  @Test
  void rejectsAnUnusableUriWithoutEchoingIt() {
    assertThatThrownBy(() -> ConnectionSettings.of(List.of(URI.create("http://u:hunter2@host"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broker.urls[0]")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void rejectsAnEmptyList() {
    assertThatThrownBy(() -> ConnectionSettings.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broker.urls");
  }
}
