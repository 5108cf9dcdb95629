package io.hookgate.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookgate.config.TlsConfig;
import io.hookgate.testing.TestCertificate;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

class ServerTlsTest {
  @TempDir Path dir;

  private TlsConfig files(TestCertificate certificate) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    certificate.writePem(cert, key);
    return new TlsConfig(cert, key, Duration.ofMillis(50));
  }

  @Test
  void offersOnlyTls12And13WithModernCiphers() throws Exception {
    SslContext context = ServerTls.build(files(TestCertificate.selfSigned("a.test")));

    SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT);
    assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    assertThat(engine.getEnabledCipherSuites())
        .isNotEmpty()
        .allSatisfy(suite -> assertThat(Http2SecurityUtil.CIPHERS).contains(suite));
  }

  @Test
  void unreadableFilesFailAtStartNamingThem() throws Exception {
    TlsConfig config = files(TestCertificate.selfSigned("a.test"));
    Files.writeString(config.key(), "not a key");

    assertThatThrownBy(() -> ServerTls.start(config, config.reloadInterval()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(config.key().toString());
  }

  @Test
  void reloadsChangedFilesAndKeepsTheLastGoodPairMeanwhile() throws Exception {
    TlsConfig config = files(TestCertificate.selfSigned("first.test"));
    try (ServerTls tls = ServerTls.start(config, config.reloadInterval())) {
      SslContext first = tls.current();

      // A half-written renewal: the old context stays.
      Files.writeString(config.cert(), "-----BEGIN CERTIFICATE-----\ntruncated");
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2))
          .until(() -> tls.current() == first);

      TestCertificate.selfSigned("second.test").writePem(config.cert(), config.key());
      await().until(() -> tls.current() != first);
    }
  }

  @Test
  void rsaAndEcPairsLoad() throws Exception {
    assertThat(ServerTls.build(files(TestCertificate.selfSignedRsa("rsa.test")))).isNotNull();
    assertThat(ServerTls.build(files(TestCertificate.selfSigned("ec.test")))).isNotNull();
  }

  @ParameterizedTest
  @MethodSource("mismatchedPairs")
  void keyNotMatchingTheCertificateFailsAtStartNamingTheFiles(TestCertificate pair)
      throws Exception {
    TlsConfig config = files(pair);

    assertThatThrownBy(() -> ServerTls.start(config, config.reloadInterval()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(config.cert().toString())
        .hasMessageContaining(config.key().toString())
        .hasMessageContaining("does not match");
  }

  static Stream<TestCertificate> mismatchedPairs() {
    return Stream.of(
        TestCertificate.selfSigned("ec.test").withKeyOf(TestCertificate.selfSigned("other.test")),
        TestCertificate.selfSignedRsa("rsa.test")
            .withKeyOf(TestCertificate.selfSignedRsa("other.test")),
        TestCertificate.selfSigned("ec.test").withKeyOf(TestCertificate.selfSignedRsa("rsa.test")),
        TestCertificate.selfSignedRsa("rsa.test").withKeyOf(TestCertificate.selfSigned("ec.test")));
  }

  @Test
  void reloadOfAMismatchedPairKeepsTheOldOneAndWarnsNamingTheFiles() throws Exception {
    TestCertificate first = TestCertificate.selfSigned("first.test");
    TestCertificate renewed = TestCertificate.selfSigned("renewed.test");
    TlsConfig config = files(first);
    Logger logger = (Logger) LoggerFactory.getLogger(ServerTls.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    logger.addAppender(captured);
    try (ServerTls tls = ServerTls.start(config, config.reloadInterval())) {
      SslContext served = tls.current();

      // The renewed certificate is written, its key not yet.
      renewed.withKeyOf(first).writePem(config.cert(), config.key());
      await().until(() -> warnings(captured).anyMatch(m -> m.contains("does not match")));
      assertThat(tls.current()).isSameAs(served);
      assertThat(warnings(captured))
          .allSatisfy(
              message ->
                  assertThat(message)
                      .contains(config.cert().toString(), config.key().toString())
                      .doesNotContain(Files.readString(config.key()).split("\n")[1]));

      renewed.writePem(config.cert(), config.key());
      await().until(() -> tls.current() != served);
    } finally {
      logger.detachAppender(captured);
    }
  }

  private static Stream<String> warnings(ListAppender<ILoggingEvent> captured) {
    return List.copyOf(captured.list).stream()
        .filter(event -> event.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage);
  }
}
