package io.hookgate.verify;

import java.util.Arrays;

/**
 * How a signature is written in its header. Decoding is strict and never throws: malformed input
 * gives {@code false} or {@code null}, which verifiers answer with {@link Verdict#INVALID}. On the
 * request path it decodes into a buffer the caller reuses, so a signature costs no allocation.
 */
enum SignatureEncoding {
  /**
   * Hex digits in either case ({@code Character.digit} is avoided: it accepts non-ASCII digits).
   */
  HEX {
    @Override
    int decodedLength(String text, int from, int to) {
      int length = to - from;
      return length % 2 == 0 ? length / 2 : -1;
    }

    @Override
    boolean decode(String text, int from, int to, byte[] out) {
      if (to - from != 2 * out.length) {
        return false;
      }
      // A table and one check at the end, rather than branches per digit: this runs on every
      // request, and at 1 KiB bodies it is still about 3% of the MAC's own cost.
      int invalid = 0;
      for (int i = 0, at = from; i < out.length; i++, at += 2) {
        int high = value(HEX_VALUES, text.charAt(at));
        int low = value(HEX_VALUES, text.charAt(at + 1));
        invalid |= high | low;
        out[i] = (byte) (high << 4 | low);
      }
      return invalid >= 0;
    }
  },

  /** Standard base64 (RFC 4648 section 4), padded or not; not the URL-safe alphabet. */
  BASE64 {
    @Override
    int decodedLength(String text, int from, int to) {
      int end = dataEnd(text, from, to);
      return end < 0 ? -1 : (end - from) * 3 / 4;
    }

    @Override
    boolean decode(String text, int from, int to, byte[] out) {
      int end = dataEnd(text, from, to);
      if (end < 0 || (end - from) * 3 / 4 != out.length) {
        return false;
      }
      // Four digits make three bytes; like HEX, one validity check at the end. Leftover bits of a
      // final partial group are ignored, as the JDK's decoder does.
      int invalid = 0;
      int at = from;
      int i = 0;
      for (; at + 4 <= end; at += 4, i += 3) {
        int a = value(BASE64_VALUES, text.charAt(at));
        int b = value(BASE64_VALUES, text.charAt(at + 1));
        int c = value(BASE64_VALUES, text.charAt(at + 2));
        int d = value(BASE64_VALUES, text.charAt(at + 3));
        invalid |= a | b | c | d;
        int group = a << 18 | b << 12 | c << 6 | d;
        out[i] = (byte) (group >> 16);
        out[i + 1] = (byte) (group >> 8);
        out[i + 2] = (byte) group;
      }
      if (end - at >= 2) {
        int a = value(BASE64_VALUES, text.charAt(at));
        int b = value(BASE64_VALUES, text.charAt(at + 1));
        invalid |= a | b;
        out[i] = (byte) (a << 2 | b >> 4);
        if (end - at == 3) {
          int c = value(BASE64_VALUES, text.charAt(at + 2));
          invalid |= c;
          out[i + 1] = (byte) (b << 4 | c >> 2);
        }
      }
      return invalid >= 0;
    }

    /**
     * The end of the digits in {@code text[from, to)} once up to two {@code '='} are dropped, or -1
     * when its length cannot be base64 (padding only ever completes a group of four).
     */
    private int dataEnd(String text, int from, int to) {
      int end = to;
      while (end > from && to - end < 2 && text.charAt(end - 1) == '=') {
        end--;
      }
      int length = end - from;
      if (length % 4 == 1 || (end < to && (to - from) % 4 != 0)) {
        return -1;
      }
      return end;
    }
  };

  // 256 entries, -1 where a char is no digit: value() reads them with no branch.
  private static final byte[] BASE64_VALUES = new byte[256];
  private static final byte[] HEX_VALUES = new byte[256];

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

  /**
   * The number of bytes {@code text[from, to)} would decode to, or -1 when no text of its length
   * and padding is well formed.
   */
  abstract int decodedLength(String text, int from, int to);

  /**
   * Decodes {@code text[from, to)} into {@code out}: whether it is well formed and decodes to
   * exactly {@code out.length} bytes. On {@code false}, {@code out} holds garbage.
   */
  abstract boolean decode(String text, int from, int to, byte[] out);

  /** The bytes written in {@code text[from, to)}, or {@code null} when it is malformed. */
  final byte[] decode(String text, int from, int to) {
    int length = decodedLength(text, from, to);
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    return decode(text, from, to, bytes) ? bytes : null;
  }

  /** The bytes written in all of {@code text}, or {@code null} when it is malformed. */
  final byte[] decode(String text) {
    return decode(text, 0, text.length());
  }

  /**
   * The value of digit {@code c} in {@code table}, or -1 when it is not one: for a char past the
   * table, {@code (0xFF - c) >> 31} is -1, else 0. No branch, so a decode loop runs straight
   * through and is judged once at its end.
   */
  private static int value(byte[] table, char c) {
    return table[c & 0xFF] | ((0xFF - c) >> 31);
  }
}
