package io.hookgate.verify;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HmacTest {

  /** RFC 4231 test case 6: a 131-byte key, longer than SHA-256's block, is hashed first. */
  @Test
  void matchesRfc4231WithAKeyLongerThanABlock() {
    byte[] key = new byte[131];
    Arrays.fill(key, (byte) 0xaa);
    byte[] data = "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(US_ASCII);

    assertThat(HexFormat.of().formatHex(mac(new Hmac("HmacSHA256", key), new byte[0], 0, data)))
        .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  }

  /**
   * Byte for byte the JDK's {@link Mac}, for keys shorter than, as long as and longer than a block
   * (64 bytes for SHA-1 and SHA-256, 128 for SHA-512), over text split around the body anywhere,
   * computed many times on one instance: no MAC leaves state behind for the next.
   */
  @ParameterizedTest
  @ValueSource(strings = {"HmacSHA1", "HmacSHA256", "HmacSHA512"})
  void equalsTheJdkMac(String algorithm) throws GeneralSecurityException {
    Random random = new Random(algorithm.hashCode());
    for (int keyLength : new int[] {1, 20, 63, 64, 65, 127, 128, 129, 300}) {
      byte[] key = bytes(random, keyLength);
      Hmac hmac = new Hmac(algorithm, key);
      Mac jdk = Mac.getInstance(algorithm);
      jdk.init(new SecretKeySpec(key, algorithm));
      assertThat(hmac.length()).isEqualTo(jdk.getMacLength());
      for (int round = 0; round < 40; round++) {
        byte[] text = bytes(random, random.nextInt(200));
        int headLength = random.nextInt(text.length + 1);
        byte[] body = bytes(random, random.nextInt(3000));
        jdk.update(text, 0, headLength);
        jdk.update(body);
        jdk.update(text, headLength, text.length - headLength);

        assertThat(mac(hmac, text, headLength, body))
            .as("%s, %d-byte key, round %d", algorithm, keyLength, round)
            .isEqualTo(jdk.doFinal());
      }
    }
  }

  @Test
  void refusesOtherAlgorithmsAndEmptyKeys() {
    assertThatThrownBy(() -> new Hmac("HmacMD5", new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HmacMD5");
    assertThatThrownBy(() -> new Hmac("HmacSHA256", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty HMAC key");
  }

  private static byte[] mac(Hmac hmac, byte[] text, int headLength, byte[] body) {
    byte[] out = new byte[hmac.length()];
    hmac.compute(text, headLength, body, text.length, out);
    return out;
  }

  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
