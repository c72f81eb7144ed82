package dev.medic.mcp;

import java.net.URI;

/**
 * Whether a request comes from a web page of another origin. Browsers send {@code Origin} and
 * {@code Sec-Fetch-Site} and pages cannot forge them; assistants and scripts send neither, and
 * nothing then contradicts the request. Without this, a page the operator visits could call the
 * tools with the operator's login (a plain-text POST needs no CORS preflight).
 */
final class CrossOrigin {

  private CrossOrigin() {}

  /**
   * @param host the request's {@code Host} header: the origin must name the same host and port
   */
  static boolean refused(String origin, String fetchSite, String host) {
    if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
      return true;
    }
    if (origin == null) {
      return false;
    }
    try {
      URI uri = URI.create(origin);
      if (uri.getHost() == null || host == null) {
        return true; // "null" (a sandboxed page or a file), or garbage
      }
      int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      String authority = uri.getHost() + ":" + port;
      String hostWithPort = host.lastIndexOf(':') > host.lastIndexOf(']') ? host
          : host + ":" + port; // a Host without a port names the scheme's default
      return !authority.equalsIgnoreCase(hostWithPort);
    } catch (IllegalArgumentException e) {
      return true;
    }
  }
}
