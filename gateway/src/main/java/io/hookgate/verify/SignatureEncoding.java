package io.hookgate.verify;

import java.util.Arrays;

/**
 * How a signature is written in its header. Decoding is strict, allocation-light and never throws:
 * malformed input gives {@code null}, which verifiers answer with {@link Verdict#INVALID}.
 */
enum SignatureEncoding {
  /**
   * Hex digits in either case ({@code Character.digit} is avoided: it accepts non-ASCII digits).
   */
  HEX {
    @Override
    byte[] decode(String text, int from, int to) {
      int length = to - from;
      if (length % 2 != 0) {
        return null;
      }
      byte[] bytes = new byte[length / 2];
      // A table and one check at the end, rather than branches per digit: this runs on every
      // request, and at 1 KiB bodies it is a tenth of the MAC's own cost.
      int invalid = 0;
      for (int i = 0, at = from; i < bytes.length; i++, at += 2) {
        int high = hexValue(text.charAt(at));
        int low = hexValue(text.charAt(at + 1));
        invalid |= high | low;
        bytes[i] = (byte) (high << 4 | low);
      }
      return invalid < 0 ? null : bytes;
    }
  },

  /** Standard base64 (RFC 4648 section 4), padded or not; not the URL-safe alphabet. */
  BASE64 {
    @Override
    byte[] decode(String text, int from, int to) {
      int end = to;
      while (end > from && to - end < 2 && text.charAt(end - 1) == '=') {
        end--;
      }
      int length = end - from;
      if (length % 4 == 1 || (end < to && (to - from) % 4 != 0)) {
        return null;
      }
      byte[] bytes = new byte[length * 3 / 4];
      int buffer = 0;
      int bits = 0;
      int out = 0;
      for (int i = from; i < end; i++) {
        char c = text.charAt(i);
        int value = c < BASE64_VALUES.length ? BASE64_VALUES[c] : -1;
        if (value < 0) {
          return null;
        }
        buffer = (buffer << 6 | value) & 0xfff;
        bits += 6;
        if (bits >= 8) {
          bits -= 8;
          bytes[out++] = (byte) (buffer >> bits);
        }
      }
      return bytes;
    }
  };

  private static final byte[] BASE64_VALUES = new byte[128];
  private static final byte[] HEX_VALUES = new byte[128];

  static {
    Arrays.fill(HEX_VALUES, (byte) -1);
    String digits = "0123456789abcdef";
    for (int i = 0; i < digits.length(); i++) {
      HEX_VALUES[digits.charAt(i)] = (byte) i;
      HEX_VALUES[Character.toUpperCase(digits.charAt(i))] = (byte) i;
    }
    Arrays.fill(BASE64_VALUES, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      BASE64_VALUES[alphabet.charAt(i)] = (byte) i;
    }
  }

  /** The bytes written in {@code text[from, to)}, or {@code null} when it is malformed. */
  abstract byte[] decode(String text, int from, int to);

  /** The bytes written in all of {@code text}, or {@code null} when it is malformed. */
  final byte[] decode(String text) {
    return decode(text, 0, text.length());
  }

  /** The value of hex digit {@code c}, or -1. */
  private static int hexValue(char c) {
    return c < HEX_VALUES.length ? HEX_VALUES[c] : -1;
  }
}
