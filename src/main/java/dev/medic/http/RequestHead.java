package dev.medic.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The bytes of one HTTP/1.1 request, encoded once per check and sent as they are on every run.
 *
 * <p>The same for {@code http://} and {@code https://}: {@code Host} is the URL's host, with the
 * port when it is not the scheme's default, unless the check sets a {@code Host} header of its
 * own; {@code User-Agent: medic} unless set; framing and connection headers are medic's.
 */
final class RequestHead {

  private RequestHead() {}

  /** The scheme's port when the URL names none. */
  static int defaultPort(String scheme) {
    return "https".equals(scheme) ? 443 : 80;
  }

  /** {@code content} is sent as it is, with its {@code Content-Length}; null: no body. */
  static byte[] encode(URI url, String method, Map<String, String> headers, byte[] content) {
    checkToken(method, "method");
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    StringBuilder sb = new StringBuilder(128).append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    int port = url.getPort();
    String hostHeader = url.getHost() + (port < 0 || port == defaultPort(url.getScheme()) ? "" : ":" + port);
    boolean userAgent = false;
    for (var e : headers.entrySet()) {
      String name = e.getKey();
      checkToken(name, "header name");
      checkValue(e.getValue(), name);
      switch (name.toLowerCase(Locale.ROOT)) {
        case "host" -> hostHeader = e.getValue();
        // framing and connection handling are the client's business
        case "connection", "content-length", "transfer-encoding", "keep-alive", "upgrade", "expect" -> {
          continue;
        }
        case "user-agent" -> {
          userAgent = true;
          sb.append(name).append(": ").append(e.getValue()).append("\r\n");
        }
        default -> sb.append(name).append(": ").append(e.getValue()).append("\r\n");
      }
    }
    sb.insert(sb.indexOf("\r\n") + 2, "Host: " + hostHeader + "\r\n");
    if (!userAgent) {
      sb.append("User-Agent: medic\r\n");
    }
    sb.append("Connection: keep-alive\r\n");
    if (content != null) {
      sb.append("Content-Length: ").append(content.length).append("\r\n");
    } else if (!switch (method) {
      case "GET", "HEAD", "DELETE", "OPTIONS", "TRACE" -> true;
      default -> false;
    }) {
      sb.append("Content-Length: 0\r\n");
    }
    sb.append("\r\n");
    byte[] headBytes = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (content == null || content.length == 0) {
      return headBytes;
    }
    byte[] all = new byte[headBytes.length + content.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(content, 0, all, headBytes.length, content.length);
    return all;
  }

  private static void checkToken(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("empty HTTP " + what);
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        throw new IllegalArgumentException("invalid HTTP " + what + ": '" + s + "'");
      }
    }
  }

  private static void checkValue(String s, String name) {
    if (s == null) {
      throw new IllegalArgumentException("header " + name + " has no value");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || c > 255) {
        throw new IllegalArgumentException("invalid value for header " + name);
      }
    }
  }
}
