package bookshard.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One keep-alive HTTP/1.1 connection: a request, then its whole response (head and Content-Length body). */
public final class KeepAliveHttp implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private byte[] buf = new byte[16384];

  public KeepAliveHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  public static String post(String target, String json) {
    return "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + json.length() + "\r\n\r\n" + json;
  }

  public static String delete(String target) {
    return "DELETE " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
  }

  /** Sends {@code request} (ISO-8859-1) and returns the response, head and body. */
  public String exchange(String request) throws IOException {
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    int n = 0;
    int headEnd = -1;
    int length = -1;
    while (true) {
      if (n == buf.length) {
        buf = java.util.Arrays.copyOf(buf, buf.length * 2);
      }
      int got = in.read(buf, n, buf.length - n);
      if (got < 0) {
        throw new IOException("connection closed");
      }
      n += got;
      if (headEnd < 0) {
        String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        headEnd = text.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
          int cl = text.toLowerCase().indexOf("content-length: ");
          length = Integer.parseInt(text.substring(cl + 16, text.indexOf("\r\n", cl)).trim());
        }
      }
      if (headEnd >= 0 && n >= headEnd + 4 + length) {
        return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
      }
    }
  }

  /** The status code of a response {@link #exchange} returned. */
  public static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
