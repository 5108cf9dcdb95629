package io.hookgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A plain TCP connection for sending bytes no well-behaved HTTP client would send, and reading
 * exactly what comes back: one response at a time, or everything until the server closes.
 */
public final class RawConnection implements AutoCloseable {
  private static final int READ_TIMEOUT_MILLIS = 20_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Connects to {@code 127.0.0.1:port}. */
  public static RawConnection open(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    socket.setTcpNoDelay(true);
    return new RawConnection(socket);
  }

  /** Sends {@code text} as ISO-8859-1 bytes, so every byte value can be written. */
  public RawConnection send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  /**
   * Reads one response: status line, headers and a body of its Content-Length (or none).
   *
   * @return the response as text, or {@code null} when the server closed before any byte of it
   */
  public String readResponse() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = readByte();
      if (b < 0) {
        return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return text + new String(body, StandardCharsets.ISO_8859_1);
  }

  /** The status code of the next response, or -1 when the server closed instead. */
  public int readStatus() throws IOException {
    String response = readResponse();
    return response == null ? -1 : Integer.parseInt(response.substring(9, 12));
  }

  /** Everything the server sends until it closes the connection. */
  public String readUntilClosed() throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    int b;
    while ((b = readByte()) >= 0) {
      all.write(b);
    }
    return all.toString(StandardCharsets.ISO_8859_1);
  }

  /** Whether the server has closed: the next read ends the stream (or the socket was reset). */
  public boolean isClosedByServer() throws IOException {
    return readByte() < 0;
  }

  private int readByte() throws IOException {
    try {
      return in.read();
    } catch (SocketTimeoutException e) {
      throw new IOException("no answer within " + READ_TIMEOUT_MILLIS + " ms", e);
    } catch (SocketException e) {
      return -1; // reset by the server: closed, as far as a client can tell
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
