package dev.medic.api;

import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dashboard's login: {@code GET /login} shows a form for a token, {@code POST /login} checks it
 * and sets the {@code medic_session} cookie, {@code POST /logout} ends the session. The pages hold
 * no script and no style, as the Content-Security-Policy demands.
 */
public final class LoginModule implements ApiModule {

  /** Only a path of this site: {@code //evil.example} or {@code /\evil} would leave it. */
  private static final Pattern SAFE_NEXT = Pattern.compile("/(?![/\\\\])[^\\s\\\\]*");

  private final TokenAccess access;

  public LoginModule(TokenAccess access) {
    this.access = access;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/login", Role.PUBLIC, "The login page: a form for an API token")
            .query("next", "string", "where to go once logged in (a path of this site)")
            .produces("text/html")
            .handle(ctx -> page(ctx, 200, "", next(ctx.queryParam("next")))),
        Route.post("/login", Role.PUBLIC, "Logs in with a token (form field token); sets the medic_session cookie")
            .form("token=medic_...&next=/")
            .produces("text/html")
            .responds(303, "logged in; to next or /").responds(401, "the token was not accepted")
            .responds(403, "cross-site request refused")
            .handle(this::login),
        Route.post("/logout", Role.PUBLIC, "Ends the dashboard login of this browser")
            .produces("text/html")
            .responds(303, "to /login").responds(403, "cross-site request refused")
            .handle(this::logout));
  }

  private void login(Context ctx) {
    if (SameOrigin.contradicted(ctx)) {
      throw new ApiServer.BadRequest(403, "cross-site request refused");
    }
    String next = next(ctx.formParam("next"));
    Optional<TokenHolder> holder = access.holder(Optional.ofNullable(ctx.formParam("token")).orElse("").strip());
    if (holder.isEmpty()) {
      page(ctx, 401, "That token was not accepted.", next);
      return;
    }
    String session = access.sessions().start(holder.get().sha256());
    boolean https = ctx.scheme().equals("https") || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    ctx.header("Set-Cookie", TokenAccess.COOKIE + "=" + session + "; Path=/; HttpOnly; SameSite=Strict"
        + (https ? "; Secure" : ""));
    ctx.redirect(next, io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    if (SameOrigin.contradicted(ctx)) {
      throw new ApiServer.BadRequest(403, "cross-site request refused");
    }
    access.sessions().end(ctx.cookie(TokenAccess.COOKIE));
    ctx.header("Set-Cookie", TokenAccess.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  static String next(String requested) {
    return requested != null && SAFE_NEXT.matcher(requested).matches() ? requested : "/";
  }

  private static void page(Context ctx, int status, String problem, String next) {
    ctx.status(status).contentType("text/html; charset=utf-8").result("""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>medic: log in</title>
        <meta name="viewport" content="width=device-width, initial-scale=1"></head>
        <body>
        <main>
        <h1>medic</h1>
        %s<form method="post" action="/login">
        <label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
        <input type="hidden" name="next" value="%s">
        <button type="submit">Log in</button>
        </form>
        <p>A token comes from <code>medic token create --name NAME --role viewer</code>.</p>
        </main>
        </body>
        </html>
        """.formatted(problem.isEmpty() ? "" : "<p role=\"alert\">" + escape(problem) + "</p>\n", escape(next)));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
