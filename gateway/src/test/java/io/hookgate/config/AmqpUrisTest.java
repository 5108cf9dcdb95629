package io.hookgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AmqpUrisTest {

  @Test
  void acceptsAmqpAndAmqpsWithOrWithoutVirtualHost() {
    assertThat(AmqpUris.parse("amqp://guest:guest@127.0.0.1:5672/%2f"))
        .isEqualTo(URI.create("amqp://guest:guest@127.0.0.1:5672/%2f"));
    assertThat(AmqpUris.parse("amqps://rabbit.internal").getHost()).isEqualTo("rabbit.internal");
    assertThat(AmqpUris.parse("AMQP://rabbit/").getScheme()).isEqualTo("AMQP");
  }

  @Test
  void hidesCredentialsInEveryMessage() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> AmqpUris.parse("https://user:pa55@rabbit/"))
        .withMessage("not an AMQP URL: 'https://***@rabbit/' (the scheme must be amqp or amqps)")
        .withMessageNotContaining("pa55");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "amqp://u:p@host/vhost|amqp://***@host/vhost",
        "amqp://host/vhost|amqp://host/vhost",
        "amqp://u:pa/ss@host|amqp://***@host",
        "amqp://u:pa#ss@host|amqp://***@host",
        "u:secret@host|***@host"
      })
  void redactsEverythingBeforeTheLastAt(String text, String redacted) {
    assertThat(AmqpUris.redact(text)).isEqualTo(redacted);
  }

  @Test
  void refusesMoreThanOnePathSegment() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> AmqpUris.parse("amqp://rabbit/a/b"))
        .withMessage(
            "AMQP URL with more than one path segment: 'amqp://rabbit/a/b' (write a virtual host"
                + " containing '/' as %2f)");
  }

  @Test
  void refusesAUrlWithoutAHost() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> AmqpUris.parse("amqp:rabbit"))
        .withMessage("AMQP URL without a host: 'amqp:rabbit'");
  }
}
