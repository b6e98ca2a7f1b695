package bookshard.support;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 over a bare socket, so a test can send bytes no well-behaved client would. */
public final class RawHttp {
  private RawHttp() {}

  public record Response(int status, String head, String body) {}

  public static Response send(int port, byte[] request) throws Exception {
    return send(port, request, 15_000);
  }

  /** Fails if the answer has not come within {@code timeoutMillis}. */
  public static Response send(int port, byte[] request, int timeoutMillis) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(timeoutMillis);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        all.write(buf, 0, n);
      }
      String text = all.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/1.1 ") || split < 0) {
        throw new AssertionError("not an HTTP response: " + text);
      }
      return new Response(Integer.parseInt(text.substring(9, 12)), text.substring(0, split), text.substring(split + 4));
    }
  }

  public static byte[] request(String method, String target, String contentType, byte[] body) {
    StringBuilder head = new StringBuilder()
        .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1\r\nConnection: close\r\n");
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] b = body == null ? new byte[0] : body;
    byte[] all = new byte[h.length + b.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(b, 0, all, h.length, b.length);
    return all;
  }
}
