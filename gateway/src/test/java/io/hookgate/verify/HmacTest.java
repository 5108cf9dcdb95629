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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HmacTest {
  private static final byte[] JEFE = "Jefe".getBytes(US_ASCII);
  private static final byte[] LONG_KEY = new byte[131];

  static {
    Arrays.fill(LONG_KEY, (byte) 0xaa);
  }

  /**
   * Published answers: RFC 2202 test case 2 (SHA-1) and RFC 4231 test cases 2 and 6 (SHA-256,
   * SHA-512), case 6 with a 131-byte key, longer than either block, which is hashed first.
   */
  @ParameterizedTest
  @CsvSource({
    "HmacSHA1, 2, effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
    "HmacSHA256, 2, 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    "HmacSHA512, 2, 164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c0"
        + "5a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
    "HmacSHA256, 6, 60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    "HmacSHA512, 6, 80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e0"
        + "5f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
  })
  void matchesPublishedTestVectors(String algorithm, int testCase, String expected) {
    byte[] key = testCase == 2 ? JEFE : LONG_KEY;
    String data =
        testCase == 2
            ? "what do ya want for nothing?"
            : "Test Using Larger Than Block-Size Key - Hash Key First";

    byte[] mac = mac(new Hmac(algorithm, key), new byte[0], 0, 0, data.getBytes(US_ASCII));

    assertThat(HexFormat.of().formatHex(mac)).isEqualTo(expected);
  }

  /**
   * Byte for byte the JDK's {@link Mac}, for keys shorter than, as long as and longer than a block
   * (64 bytes for SHA-1 and SHA-256, 128 for SHA-512), over text split around the body anywhere and
   * followed by bytes that are not part of it (as in a reused buffer), computed many times on one
   * instance and on a copy of it: no MAC leaves state behind for the next.
   */
  @ParameterizedTest
  @ValueSource(strings = {"HmacSHA1", "HmacSHA256", "HmacSHA512"})
  void equalsTheJdkMac(String algorithm) throws GeneralSecurityException {
    Random random = new Random(algorithm.hashCode());
    for (int keyLength : new int[] {1, 20, 63, 64, 65, 127, 128, 129, 300}) {
      byte[] key = bytes(random, keyLength);
      Hmac hmac = new Hmac(algorithm, key);
      Hmac copy = hmac.copy();
      assertThat(copy).isNotSameAs(hmac);
      Mac jdk = Mac.getInstance(algorithm);
      jdk.init(new SecretKeySpec(key, algorithm));
      assertThat(hmac.length()).isEqualTo(jdk.getMacLength());
      for (int round = 0; round < 40; round++) {
        // The first rounds are the edges: no text and no body; no text; all text after the body;
        // all text before it; no body. Every text buffer has bytes past textLength.
        int textLength = round < 2 ? 0 : 1 + random.nextInt(200);
        int headLength = round == 2 ? 0 : round == 3 ? textLength : random.nextInt(textLength + 1);
        byte[] text = bytes(random, textLength + 1 + random.nextInt(50));
        byte[] body = bytes(random, round == 0 || round == 4 ? 0 : 1 + random.nextInt(3000));
        jdk.update(text, 0, headLength);
        jdk.update(body);
        jdk.update(text, headLength, textLength - headLength);
        byte[] expected = jdk.doFinal();

        for (Hmac instance : new Hmac[] {hmac, copy}) {
          assertThat(mac(instance, text, headLength, textLength, body))
              .as("%s, %d-byte key, round %d", algorithm, keyLength, round)
              .isEqualTo(expected);
        }
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

  private static byte[] mac(Hmac hmac, byte[] text, int headLength, int textLength, byte[] body) {
    byte[] out = new byte[hmac.length()];
    hmac.compute(text, headLength, body, textLength, out);
    return out;
  }

  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
