package dev.medic.api;

import io.javalin.http.Context;
import java.util.Map;

/**
 * Headers on every answer: the pages run only medic's own scripts and styles (no inline ones, so
 * injected markup cannot run), cannot be framed, and are not sniffed as another type; API answers
 * are never cached, since they may show what only a token holder may read. The referrer goes to
 * medic's own pages only: under {@code no-referrer} a browser sends {@code Origin: null} with a
 * form post, and the same-origin check would refuse the dashboard's own login.
 */
final class SecurityHeaders {

  static final Map<String, String> ALWAYS = Map.of(
      "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      "X-Content-Type-Options", "nosniff",
      "Referrer-Policy", "same-origin",
      "X-Frame-Options", "DENY");

  /** Request bodies larger than this are refused with 413: no endpoint takes more than a small JSON. */
  static final long MAX_BODY = 64 * 1024;

  private SecurityHeaders() {}

  static void set(Context ctx) {
    ALWAYS.forEach(ctx::header);
    // Only medic's own assets and the webjars may be kept: every page and answer may show what
    // only a token holder may read, and a browser's back button after a logout must not show it.
    if (!ctx.path().startsWith("/assets/") && !ctx.path().startsWith("/webjars/")) {
      ctx.header("Cache-Control", "no-store");
    }
  }
}
