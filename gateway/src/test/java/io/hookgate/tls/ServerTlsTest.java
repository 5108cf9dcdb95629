package io.hookgate.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hookgate.config.TlsConfig;
import io.hookgate.testing.TestCertificate;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
