package dev.medic.api;

import dev.medic.config.AccessConfig;
import dev.medic.store.ApiTokens;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Supplier;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UnauthorizedResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Admits a request by its bearer token or its dashboard login, or as an anonymous viewer where the
 * config allows that. The caller's name is the token's: it goes into the audit for every write.
 *
 * <p>A write that comes with the login cookie must come from medic's own pages: the cookie is sent
 * by the browser whatever page makes the request, so without this any site the user visits could
 * approve an action. htmx marks its requests with {@code HX-Request: true}, which a cross-site
 * form cannot send, and a browser's {@code Origin}/{@code Sec-Fetch-Site} must not name another
 * site. A bearer token is never sent by the browser on its own, so bearer writes need no such check.
 */
public final class TokenAccess implements Access {

  public static final String COOKIE = "medic_session";
  public static final String ANONYMOUS = "anonymous";

  private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE", "PATCH");

  private final TokenDirectory tokens;
  private final Sessions sessions;
  private final BooleanSupplier anonymousMayRead;

  /**
   * @param config the running config's {@code access:} block, read on every request so that a
   *     reload applies at once
   * @param api the running config's {@code agent.api}: anonymous reading is on by default on loopback
   */
  public static TokenAccess of(Supplier<AccessConfig> config, Supplier<String> api, ApiTokens stored, Clock clock) {
    return new TokenAccess(new TokenDirectory(config, stored, clock),
        new Sessions(clock, () -> config.get().sessionIdle(), new SecureRandom(), Sessions.CAPACITY),
        () -> config.get().anonymousMayRead(api.get()));
  }

  TokenAccess(TokenDirectory tokens, Sessions sessions, BooleanSupplier anonymousMayRead) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.anonymousMayRead = anonymousMayRead;
  }

  /** How a request named its caller. */
  private record Presented(Caller caller, boolean byCookie) {}

  @Override
  public Caller admit(Context ctx, Role needed) {
    return admit(ctx, needed, false);
  }

  @Override
  public Caller admit(Context ctx, Route route) {
    return admit(ctx, route.role(), route.produces().startsWith("text/html"));
  }

  private Caller admit(Context ctx, Role needed, boolean page) {
    Optional<Presented> presented;
    try {
      presented = presented(ctx);
    } catch (UnauthorizedResponse e) {
      if (needed == Role.PUBLIC) {
        return new Caller(ANONYMOUS, Role.PUBLIC); // a bad token does not keep a probe from /health
      }
      throw unauthorized(ctx, e.getMessage());
    }
    if (needed == Role.PUBLIC) {
      return presented.map(Presented::caller).orElse(new Caller(ANONYMOUS, Role.PUBLIC));
    }
    Caller caller = presented.map(Presented::caller)
        .orElse(anonymousMayRead.getAsBoolean() ? new Caller(ANONYMOUS, Role.VIEWER) : null);
    boolean anonymous = presented.isEmpty();
    if (caller == null || anonymous && !caller.role().allows(needed)) {
      if (page && ctx.method().name().equals("GET")) {
        throw toLogin(ctx);
      }
      if (caller == null) {
        throw unauthorized(ctx, "this needs a token with role " + needed.key()
            + ": send Authorization: Bearer <token>, or log in at /login");
      }
    }
    if (!caller.role().allows(needed)) {
      throw new ForbiddenResponse("this needs role " + needed.key() + "; " + caller.name() + " has role "
          + caller.role().key());
    }
    if (presented.isPresent() && presented.get().byCookie() && WRITES.contains(ctx.method().name())) {
      if (!"true".equals(ctx.header("HX-Request")) || SameOrigin.contradicted(ctx)) {
        throw new ForbiddenResponse("cross-site request refused");
      }
    }
    return caller;
  }

  @Override
  public Caller admitSocket(Context ctx, Role needed) {
    if (SameOrigin.contradicted(ctx)) {
      throw new ForbiddenResponse("cross-site request refused");
    }
    return admit(ctx, needed);
  }

  /** The same credential, asked again: a bearer token, else a login that holds, else anonymous reading. */
  @Override
  public BooleanSupplier stillAdmitted(String authorization, String session, Role needed) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = authorization.substring(7).strip();
      return () -> tokens.holder(token).map(h -> h.caller().role().allows(needed)).orElse(false);
    }
    if (session != null && sessions.use(session).flatMap(tokens::byHash).isPresent()) {
      return () -> sessions.use(session).flatMap(tokens::byHash).map(h -> h.caller().role().allows(needed))
          .orElse(false);
    }
    return () -> anonymousMayRead.getAsBoolean() && Role.VIEWER.allows(needed);
  }

  /** The caller a bearer token or login cookie names; empty when the request names none. */
  private Optional<Presented> presented(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw new UnauthorizedResponse("only Authorization: Bearer <token> is understood");
      }
      return Optional.of(tokens.holder(authorization.substring(7).strip())
          .map(h -> new Presented(h.caller(), false))
          .orElseThrow(() -> new UnauthorizedResponse("the token is not valid (unknown, revoked or expired)")));
    }
    String session = ctx.cookie(COOKIE);
    if (session != null) {
      // A login that ended (idle, revoked, restarted medic) is as if there were none: the page
      // then sends its user to log in again.
      return sessions.use(session).flatMap(tokens::byHash).map(h -> new Presented(h.caller(), true));
    }
    return Optional.empty();
  }

  private static HttpResponseException unauthorized(Context ctx, String message) {
    ctx.header("WWW-Authenticate", "Bearer realm=\"medic\"");
    return new UnauthorizedResponse(message);
  }

  private static HttpResponseException toLogin(Context ctx) {
    String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
    String location = "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
    ctx.header("Location", location);
    return new HttpResponseException(303, "log in first: " + location, Map.of());
  }

  // ---- for the login page ------------------------------------------------------------------

  /** The holder of a token typed into the login form. */
  Optional<TokenHolder> holder(String token) {
    return tokens.holder(token);
  }

  Sessions sessions() {
    return sessions;
  }
}
