package bookshard.support;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A WebSocket client on a plain socket (RFC 6455, text frames only), so a load measures the node
 * and not a client library: {@link #send} writes a masked frame into a buffer, {@link #flush}
 * puts what is buffered on the wire, and one reader thread hands each text message to
 * {@code onText}. Many messages may be in flight at once.
 */
public final class RawWebSocket implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final Thread reader;
  private final byte[] mask = new byte[4];

  private RawWebSocket(Socket socket, Consumer<String> onText) throws IOException {
    this.socket = socket;
    this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    ThreadLocalRandom.current().nextBytes(mask);
    this.reader = new Thread(() -> read(onText), "ws-reader");
    this.reader.setDaemon(true);
  }

  /** Connects to {@code ws://127.0.0.1:port/path}; {@code header} (e.g. "X-API-Key: k") may be null. */
  public static RawWebSocket connect(int port, String path, String header, Consumer<String> onText) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setTcpNoDelay(true);
    RawWebSocket ws = new RawWebSocket(s, onText);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
        + (header == null ? "" : header + "\r\n") + "\r\n";
    ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
    ws.out.flush();
    String status = ws.line();
    if (!status.startsWith("HTTP/1.1 101")) {
      s.close();
      throw new IOException("no WebSocket upgrade: " + status);
    }
    while (!ws.line().isEmpty()) {
      // the upgrade's headers
    }
    ws.reader.start();
    return ws;
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new EOFException("connection closed during the upgrade");
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  /** Buffers one text message (a masked frame, as a client must send). Not thread-safe: one writer. */
  public void send(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    out.write(0x81);
    if (payload.length < 126) {
      out.write(0x80 | payload.length);
    } else if (payload.length < 65536) {
      out.write(0x80 | 126);
      out.write(payload.length >>> 8);
      out.write(payload.length & 0xff);
    } else {
      throw new IllegalArgumentException("message too long for this client");
    }
    out.write(mask);
    for (int i = 0; i < payload.length; i++) {
      payload[i] ^= mask[i & 3];
    }
    out.write(payload);
  }

  public void flush() throws IOException {
    out.flush();
  }

  private void read(Consumer<String> onText) {
    try {
      StringBuilder message = new StringBuilder();
      while (true) {
        int b0 = in.read();
        if (b0 < 0) {
          return;
        }
        int len = in.read() & 0x7f;
        if (len == 126) {
          len = (in.read() << 8) | in.read();
        } else if (len == 127) {
          long l = 0;
          for (int i = 0; i < 8; i++) {
            l = (l << 8) | in.read();
          }
          len = (int) l;
        }
        byte[] payload = in.readNBytes(len);
        int opcode = b0 & 0x0f;
        if (opcode == 8) {
          return;
        }
        if (opcode == 1 || opcode == 0) {
          message.append(new String(payload, StandardCharsets.UTF_8));
          if ((b0 & 0x80) != 0) {
            onText.accept(message.toString());
            message.setLength(0);
          }
        }
      }
    } catch (IOException e) {
      // closed
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
