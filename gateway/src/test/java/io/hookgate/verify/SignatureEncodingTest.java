package io.hookgate.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SignatureEncodingTest {

  @Test
  void decodesHexInEitherCase() {
    assertThat(SignatureEncoding.HEX.decode("00ff7Fa0")).containsExactly(0x00, 0xff, 0x7f, 0xa0);
  }

  @Test
  void refusesMalformedHex() {
    for (String text :
        new String[] {"0", "0g", "+1", " 00", "０１", "0x00", "\u00b0\u00b1", "\u0130\u0131"}) {
      assertThat(SignatureEncoding.HEX.decode(text)).as(text).isNull();
    }
  }

  @Test
  void decodesOnlyTheGivenRange() {
    assertThat(SignatureEncoding.HEX.decode("sha256=0a0b", 7, 11)).containsExactly(0x0a, 0x0b);
    assertThat(SignatureEncoding.BASE64.decode("v1,AQID rest", 3, 7)).containsExactly(1, 2, 3);
  }

  @Test
  void decodesBase64LikeTheJdkForEveryLength() {
    Random random = new Random(42);
    for (int length = 0; length < 70; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      String padded = Base64.getEncoder().encodeToString(bytes);
      String unpadded = Base64.getEncoder().withoutPadding().encodeToString(bytes);

      assertThat(SignatureEncoding.BASE64.decode(padded)).as(padded).isEqualTo(bytes);
      assertThat(SignatureEncoding.BASE64.decode(unpadded)).as(unpadded).isEqualTo(bytes);
    }
  }

  @Test
  void refusesMalformedBase64() {
    String[] malformed = {
      "A", "AAAAA", "AA=", "A===", "AA==A", "=AAA", "AA-_", "AA AA", "é", "\u0141AAA"
    };
    for (String text : malformed) {
      assertThat(SignatureEncoding.BASE64.decode(text)).as(text).isNull();
    }
  }

  @Test
  void decodesIntoABufferOnlyTextOfExactlyItsLength() {
    byte[] out = new byte[3];

    assertThat(SignatureEncoding.HEX.decode("x=0a0b0c", 2, 8, out)).isTrue();
    assertThat(out).containsExactly(0x0a, 0x0b, 0x0c);
    assertThat(SignatureEncoding.BASE64.decode("AQID", 0, 4, out)).isTrue();
    assertThat(out).containsExactly(1, 2, 3);

    assertThat(SignatureEncoding.HEX.decode("0a0b", 0, 4, out)).isFalse();
    assertThat(SignatureEncoding.HEX.decode("0a0b0c0d", 0, 8, out)).isFalse();
    assertThat(SignatureEncoding.HEX.decode("0a0b0g", 0, 6, out)).isFalse();
    assertThat(SignatureEncoding.BASE64.decode("AQ==", 0, 4, out)).isFalse();
    assertThat(SignatureEncoding.BASE64.decode("AQIDBA==", 0, 8, out)).isFalse();
    assertThat(SignatureEncoding.BASE64.decode("AQI-", 0, 4, out)).isFalse();
  }

  @Test
  void hexRoundTripsRandomBytes() {
    byte[] bytes = new byte[64];
    new Random(7).nextBytes(bytes);

    assertThat(SignatureEncoding.HEX.decode(HexFormat.of().formatHex(bytes))).isEqualTo(bytes);
  }
}
