package io.hookgate.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.AddressResolver;
import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
  void amqpsUsesTlsOnTheTlsPortByDefault() {
    ConnectionSettings settings =
        ConnectionSettings.of(
            List.of(
                URI.create("amqps://guest:guest@rabbit-a"), URI.create("amqps://rabbit-b:5676")));

    assertThat(settings.factory().isSSL()).isTrue();
    assertThat(settings.addresses())
        .containsExactly(new Address("rabbit-a", 5671), new Address("rabbit-b", 5676));
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
