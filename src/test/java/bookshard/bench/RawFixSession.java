package bookshard.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * A FIX 4.4 initiator for load generation that costs its machine little: messages are written as
 * bytes (several per system call while the window is full) and read by scanning for the tags
 * asked for, with no data dictionary and no message objects. The gateway it talks to is the real
 * one (QuickFIX/J, validation on); only the load generator is lean, as the in-process bench's is.
 * It logs on with ResetSeqNumFlag(141)=Y, answers TestRequests, and sends nothing out of order,
 * so it never needs a resend. Not for tests of the session layer: those use {@code FixClient}.
 */
final class RawFixSession implements AutoCloseable {
  private static final byte SOH = 1;
  private static final DateTimeFormatter SENDING_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS")
      .withZone(ZoneOffset.UTC);

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final String sender;
  private final String target;
  private int nextSeq = 1;
  private long timeMillis;
  private String timeText;
  private final StringBuilder body = new StringBuilder(256);
  private final StringBuilder head = new StringBuilder(128);
  private byte[] buffer = new byte[1 << 16];
  private int start;
  private int end;

  RawFixSession(String host, int port, String sender, String target) throws IOException {
    this.socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    this.in = socket.getInputStream();
    this.sender = sender;
    this.target = target;
    synchronized (this) {
      send("A", "98=0\u0001108=30\u0001141=Y\u0001");
      out.flush();
    }
    Map<Integer, String> logon = next();
    if (!"A".equals(logon.get(35))) {
      throw new IOException(sender + " did not log on: " + logon);
    }
  }

  /** The time now as FIX writes it (UTC, to the millisecond), formatted once per millisecond. */
  synchronized String now() {
    long now = System.currentTimeMillis();
    if (now != timeMillis) {
      timeMillis = now;
      timeText = SENDING_TIME.format(java.time.Instant.ofEpochMilli(now));
    }
    return timeText;
  }

  /** One message of type {@code msgType} with {@code fields} ("tag=value" each ending in SOH); buffered. */
  synchronized void send(String msgType, CharSequence fields) throws IOException {
    now();
    body.setLength(0);
    body.append("35=").append(msgType).append('\u0001')
        .append("49=").append(sender).append('\u0001')
        .append("56=").append(target).append('\u0001')
        .append("34=").append(nextSeq++).append('\u0001')
        .append("52=").append(timeText).append('\u0001')
        .append(fields);
    head.setLength(0);
    head.append("8=FIX.4.4\u00019=").append(body.length()).append('\u0001').append(body);
    int sum = 0;
    for (int i = 0; i < head.length(); i++) {
      sum += head.charAt(i);
    }
    sum &= 0xff;
    head.append("10=").append((char) ('0' + sum / 100)).append((char) ('0' + sum / 10 % 10))
        .append((char) ('0' + sum % 10)).append('\u0001');
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
  }

  synchronized void flush() throws IOException {
    out.flush();
  }

  /**
   * The next message's fields (the last value of each tag; enough for the flat messages an order
   * entry session receives), after answering it if it is a TestRequest.
   */
  Map<Integer, String> next() throws IOException {
    while (true) {
      int length = messageLength();
      if (length > 0) {
        Map<Integer, String> fields = fields(buffer, start, start + length);
        start += length;
        if ("1".equals(fields.get(35))) {
          synchronized (this) {
            send("0", "112=" + fields.get(112) + "\u0001");
            out.flush();
          }
        }
        return fields;
      }
      if (start > 0) {
        System.arraycopy(buffer, start, buffer, 0, end - start);
        end -= start;
        start = 0;
      }
      if (end == buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
      }
      int n = in.read(buffer, end, buffer.length - end);
      if (n < 0) {
        throw new IOException("the gateway closed the connection");
      }
      end += n;
    }
  }

  /** The length of the whole message at {@code start}, or 0 if it has not all arrived. */
  private int messageLength() {
    // 8=FIX.4.4 SOH 9=<n> SOH, then n bytes, then 10=ccc SOH (7 bytes).
    int i = start;
    int firstSoh = indexOf(SOH, i);
    if (firstSoh < 0 || firstSoh + 3 >= end) {
      return 0;
    }
    int secondSoh = indexOf(SOH, firstSoh + 1);
    if (secondSoh < 0) {
      return 0;
    }
    int n = 0;
    for (int k = firstSoh + 3; k < secondSoh; k++) {
      n = n * 10 + (buffer[k] - '0');
    }
    int total = secondSoh + 1 + n + 7 - start;
    return start + total <= end ? total : 0;
  }

  private int indexOf(byte b, int from) {
    for (int k = from; k < end; k++) {
      if (buffer[k] == b) {
        return k;
      }
    }
    return -1;
  }

  /** Each tag's (last) value in the message in {@code bytes} from {@code from} to {@code to}. */
  static Map<Integer, String> fields(byte[] bytes, int from, int to) {
    Map<Integer, String> fields = new HashMap<>(32);
    int k = from;
    while (k < to) {
      int tag = 0;
      while (bytes[k] != '=') {
        tag = tag * 10 + (bytes[k++] - '0');
      }
      int valueStart = ++k;
      while (bytes[k] != SOH) {
        k++;
      }
      fields.put(tag, new String(bytes, valueStart, k - valueStart, StandardCharsets.US_ASCII));
      k++;
    }
    return fields;
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      send("5", "");
      out.flush();
    }
    socket.close();
  }
}
