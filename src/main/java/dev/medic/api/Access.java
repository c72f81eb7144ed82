package dev.medic.api;

import io.javalin.http.Context;

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
}
