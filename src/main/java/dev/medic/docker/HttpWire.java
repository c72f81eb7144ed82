package dev.medic.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 as the engine speaks it on its unix socket: one request per connection
 * ({@code Connection: close}), the answer framed by {@code Content-Length}, by {@code
 * Transfer-Encoding: chunked}, or by the end of the connection.
 */
final class HttpWire {

  private HttpWire() {}

  static byte[] request(String method, String pathAndQuery, byte[] body) {
    StringBuilder head = new StringBuilder()
        .append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n")
        .append("Host: docker\r\n")
        .append("User-Agent: medic\r\n")
        .append("Connection: close\r\n");
    if (body != null) {
      head.append("Content-Type: application/json\r\n");
    }
    head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
    if (body == null) {
      return h;
    }
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  /** Parses a complete answer (everything read until the engine closed the connection). */
  static HttpReply parse(byte[] raw) throws IOException {
    int end = indexOf(raw, new byte[] {'\r', '\n', '\r', '\n'}, 0);
    if (end < 0) {
      throw new IOException("incomplete HTTP answer (" + raw.length + " bytes, no end of headers)");
    }
    String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP answer: " + lines[0]);
    }
    int status;
    try {
      status = Integer.parseInt(statusLine[1]);
    } catch (NumberFormatException e) {
      throw new IOException("bad HTTP status line: " + lines[0]);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
      }
    }
    int start = end + 4;
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
      body = dechunk(raw, start);
    } else if (headers.containsKey("content-length")) {
      int length = Integer.parseInt(headers.get("content-length"));
      if (raw.length - start < length) {
        throw new IOException("answer cut short: " + (raw.length - start) + " of " + length + " body bytes");
      }
      body = java.util.Arrays.copyOfRange(raw, start, start + length);
    } else {
      body = java.util.Arrays.copyOfRange(raw, start, raw.length);
    }
    return new HttpReply(status, headers, body);
  }

  static byte[] dechunk(byte[] raw, int from) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = from;
    while (true) {
      int eol = indexOf(raw, new byte[] {'\r', '\n'}, at);
      if (eol < 0) {
        throw new IOException("chunked answer cut short at byte " + at);
      }
      String sizeText = new String(raw, at, eol - at, StandardCharsets.US_ASCII);
      int semi = sizeText.indexOf(';');
      int size;
      try {
        size = Integer.parseInt((semi < 0 ? sizeText : sizeText.substring(0, semi)).strip(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size '" + sizeText + "'");
      }
      at = eol + 2;
      if (size == 0) {
        return out.toByteArray();
      }
      if (at + size > raw.length) {
        throw new IOException("chunk of " + size + " bytes cut short");
      }
      out.write(raw, at, size);
      at += size + 2; // the chunk's trailing CRLF
    }
  }

  private static int indexOf(byte[] data, byte[] what, int from) {
    outer:
    for (int i = from; i <= data.length - what.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (data[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
