package io.hookgate.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a loopback port in front of a real server (the shared RabbitMQ), which a test
 * controls to make the server seem gone or hung to one client without touching the server or its
 * other clients: {@link #cut()} drops every connection and refuses new ones until {@link
 * #restore()}; {@link #pause()} stops moving bytes both ways and {@link #stall()} only what the
 * server sends, the sockets staying open (a peer that stops answering), until {@link #resume()}.
 *
 * <p>Each connection uses two threads doing blocking copies, which is plenty for tests.
 */
public final class TcpProxy implements AutoCloseable {
  private static final int BUFFER = 16 * 1024;

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();
  private final Object pauseLock = new Object();
  private boolean pausedUp; // client to server; guarded by pauseLock
  private boolean pausedDown; // server to client; guarded by pauseLock
  private volatile boolean refusing;
  private volatile boolean closed;

  private TcpProxy(String targetHost, int targetPort, ServerSocket server) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = server;
  }

  /** Listens on an ephemeral loopback port and forwards to {@code targetHost:targetPort}. */
  public static TcpProxy start(String targetHost, int targetPort) throws IOException {
    return start(targetHost, targetPort, 0);
  }

  /** The same as {@link #start(String, int)}. */
  public static TcpProxy to(String targetHost, int targetPort) throws IOException {
    return start(targetHost, targetPort);
  }

  /**
   * As {@link #start(String, int)}, on {@code listenPort}: lets a test hand a client a port that
   * refuses connections first and starts answering later.
   */
  public static TcpProxy start(String targetHost, int targetPort, int listenPort)
      throws IOException {
    requireNonNull(targetHost, "targetHost");
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
    TcpProxy proxy = new TcpProxy(targetHost, targetPort, server);
    daemon(proxy::acceptLoop, "tcp-proxy-accept-" + server.getLocalPort()).start();
    return proxy;
  }

  /** The loopback port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /**
   * Closes every connection, as a network failure would, and closes new ones at once until {@link
   * #restore()}; {@code cut(); restore();} is a blip the client can reconnect through.
   */
  public void cut() {
    refusing = true;
    closeAll();
  }

  /** Forwards new connections again after {@link #cut()}. */
  public void restore() {
    refusing = false;
  }

  /** Stops forwarding in both directions; the sockets stay open and unread bytes pile up. */
  public void pause() {
    synchronized (pauseLock) {
      pausedUp = true;
      pausedDown = true;
    }
  }

  /** Stops forwarding what the server sends; the client's bytes still reach it. */
  public void stall() {
    synchronized (pauseLock) {
      pausedDown = true;
    }
  }

  /** Forwards both ways again, starting with whatever was held back. */
  public void resume() {
    synchronized (pauseLock) {
      pausedUp = false;
      pausedDown = false;
      pauseLock.notifyAll();
    }
  }

  /** Connections currently forwarded. */
  public int openConnections() {
    return pairs.size();
  }

  /** The local ports of the proxy's connections to the target, as the target sees its peers. */
  public List<Integer> upstreamLocalPorts() {
    return pairs.stream().map(pair -> pair.upstream.getLocalPort()).toList();
  }

  /** Stops listening and closes every connection. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    closeAll();
    resume();
  }

  private void closeAll() {
    for (Pair pair : List.copyOf(pairs)) {
      pair.close();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // Closed.
      }
      if (refusing) {
        closeQuietly(client);
        continue;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(new InetSocketAddress(targetHost, targetPort));
      } catch (IOException e) {
        // The target refuses: so does the proxy, by closing at once.
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      Pair pair = new Pair(client, upstream);
      pairs.add(pair);
      if (closed) {
        pair.close();
        return;
      }
      String name = "tcp-proxy-" + client.getPort();
      daemon(() -> pump(pair, client, upstream, true), name + "-up").start();
      daemon(() -> pump(pair, upstream, client, false), name + "-down").start();
    }
  }

  private void pump(Pair pair, Socket from, Socket to, boolean up) {
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        awaitForwarding(pair, up);
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (SocketException e) {
      // Cut, or the peer went away.
    } catch (IOException | InterruptedException e) {
      // The same, seen differently.
    } finally {
      pair.close();
    }
  }

  private void awaitForwarding(Pair pair, boolean up) throws InterruptedException, SocketException {
    synchronized (pauseLock) {
      while ((up ? pausedUp : pausedDown) && !pair.closed) {
        pauseLock.wait(100); // Also wakes to notice a cut while paused.
      }
    }
    if (pair.closed) {
      throw new SocketException("cut");
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing to do.
    }
  }

  /** One forwarded connection: the client's socket and ours to the target. */
  private final class Pair {
    final Socket client;
    final Socket upstream;
    volatile boolean closed;

    Pair(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void close() {
      closed = true;
      closeQuietly(client);
      closeQuietly(upstream);
      pairs.remove(this);
    }
  }
}
