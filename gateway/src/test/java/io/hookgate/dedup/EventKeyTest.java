package io.hookgate.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventKeyTest {

  /**
   * Reference values from Guava's {@code Hashing.murmur3_128(0).hashString(seq, UTF_16LE)} with
   * {@code seq = (char) source.length() + source + eventId}: the first eight bytes little-endian,
   * then the next eight. Every block/tail split is covered (0, 1, 3, 5 and 2+ blocks).
   */
  @ParameterizedTest
  @CsvSource({
    "'', '', 0x3044b81a706c5de8, 0x18f96bcc37e8a35b",
    "github, a, 0xf401a204ca1adcc7, 0xfc7cac867e811cbb",
    "s, ab, 0xc58703164af9f7ec, 0x0be4a5f5f0eeb80e",
    "github, 72d3162e-cc78-11e3-81ab-4c9367dc0958, 0x02897f1bd1698f8f, 0x435c59aa9948af6c",
    "stripe, evt_1NG8Du2eZvKYlo2CUI79vXWy, 0xb7374179980a6585, 0xf4e917fad7070c97",
  })
  void matchesReferenceMurmurHash3(String source, String eventId, String high, String low) {
    assertThat(EventKey.of(0, source, eventId))
        .isEqualTo(
            new EventKey(
                Long.parseUnsignedLong(high.substring(2), 16),
                Long.parseUnsignedLong(low.substring(2), 16)));
  }

  @Test
  void sourceAndIdBoundaryIsPartOfTheKey() {
    assertThat(EventKey.of(7, "ab", "c")).isNotEqualTo(EventKey.of(7, "a", "bc"));
    assertThat(EventKey.of(7, "github", "a")).isNotEqualTo(EventKey.of(7, "stripe", "a"));
  }

  @Test
  void sameSeedSameKeyOtherSeedOtherKey() {
    assertThat(EventKey.of(7, "github", "id-1")).isEqualTo(EventKey.of(7, "github", "id-1"));
    assertThat(EventKey.of(7, "github", "id-1")).isNotEqualTo(EventKey.of(8, "github", "id-1"));
  }

  @Test
  void distinctIdsGetDistinctKeysAndSpreadHashCodes() {
    Set<EventKey> keys = new HashSet<>();
    Set<Integer> hashCodes = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      EventKey key = EventKey.of(42, "github", UUID.randomUUID().toString());
      keys.add(key);
      hashCodes.add(key.hashCode());
    }
    for (int i = 0; i < 100_000; i++) {
      keys.add(EventKey.of(42, "billing", Integer.toString(i))); // sequential ids too
    }

    assertThat(keys).hasSize(300_000);
    // 2e5 random 32-bit hash codes collide a few times at most (expected about 5).
    assertThat(hashCodes.size()).isGreaterThan(199_900);
  }
}
