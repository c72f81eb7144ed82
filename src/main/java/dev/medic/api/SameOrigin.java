package dev.medic.api;

import io.javalin.http.Context;
import java.net.URI;

/**
 * Whether a browser's request comes from medic's own pages. Browsers send {@code Origin} with
 * every POST and {@code Sec-Fetch-Site} with every request; a page on another site cannot forge
 * either. When neither is sent (an old browser, curl), nothing contradicts the request.
 */
final class SameOrigin {

  private SameOrigin() {}

  static boolean contradicted(Context ctx) {
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin")) {
      return true;
    }
    String origin = ctx.header("Origin");
    if (origin == null) {
      return false;
    }
    // The origin's host and port against the Host header: behind a proxy that ends TLS, the scheme
    // medic sees is not the browser's, but the host is.
    String host = ctx.header("Host");
    try {
      URI uri = URI.create(origin);
      if (uri.getHost() == null || host == null) {
        return true;
      }
      String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      return !authority.equalsIgnoreCase(host) && !(uri.getPort() < 0 && host.equalsIgnoreCase(uri.getHost()
          + (origin.startsWith("https:") ? ":443" : ":80")));
    } catch (IllegalArgumentException e) {
      return true; // "null" (a sandboxed page), or garbage
    }
  }
}
