package dev.medic.api;

import io.javalin.http.Context;
import java.util.function.BooleanSupplier;

/** Decides who a request comes from and whether it may call a route. */
public interface Access {

  /**
   * @return the caller, when it may call a route that needs {@code needed}
   * @throws io.javalin.http.HttpResponseException 401 when the request names no valid caller and
   *     the route is not open to it, 403 when the caller's role is too low
   */
  Caller admit(Context ctx, Role needed);

  /**
   * As {@link #admit(Context, Role)} for a declared route: an implementation may answer a page
   * ({@link Route#produces()} text/html) differently, sending its reader to log in.
   */
  default Caller admit(Context ctx, Route route) {
    return admit(ctx, route.role());
  }

  /**
   * As {@link #admit(Context, Role)} for the upgrade to a WebSocket, which browsers open across
   * origins without CORS: a page of another origin is refused, so it cannot read what its visitor
   * may see.
   */
  default Caller admitSocket(Context ctx, Role needed) {
    return admit(ctx, needed);
  }

  /**
   * For a stream or socket that stays open after it was admitted: whether what admitted it (a
   * token, a login, anonymous reading) still holds. Asked again while it is open, so that a revoked
   * or expired token, an ended login or a reload that stops anonymous reading ends it too.
   *
   * @param authorization the request's {@code Authorization} header, null if none
   * @param session the request's login cookie, null if none
   */
  default BooleanSupplier stillAdmitted(String authorization, String session, Role needed) {
    return () -> true;
  }
}
