package dev.medic.api;

import io.javalin.http.Context;

/**
 * Who made a request, as {@link Access} established it: the name that goes into the audit for
 * every write, and the role that decided what the request may do.
 */
public record Caller(String name, Role role) {

  static final String ATTRIBUTE = "medic.caller";

  /** The caller of a request that passed {@link Access}. */
  public static Caller of(Context ctx) {
    Caller caller = ctx.attribute(ATTRIBUTE);
    if (caller == null) {
      throw new IllegalStateException("no caller on " + ctx.path() + ": the route was registered without Access");
    }
    return caller;
  }
}
