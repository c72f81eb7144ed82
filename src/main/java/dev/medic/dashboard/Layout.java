package dev.medic.dashboard;

import dev.medic.api.Caller;
import dev.medic.api.Role;

/**
 * The frame every page shares: head with the assets, a header naming the caller with log in or
 * out, the navigation, and a theme toggle. No inline script or style: the CSP allows only
 * medic's own files.
 */
final class Layout {

  static final String HTMX = "/webjars/htmx.org/2.0.10/dist/htmx.min.js";
  static final String HTMX_SSE = "/webjars/htmx-ext-sse/2.2.2/sse.js";
  static final String UPLOT_JS = "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js";
  static final String UPLOT_CSS = "/webjars/uplot/1.6.30/dist/uPlot.min.css";

  /**
   * htmx's own settings: no style element of its own (the CSP forbids it), no eval, and swap
   * 4xx answers too: the dashboard's buttons answer a refused action with the panel and its reason.
   */
  private static final String HTMX_CONFIG = "{\"includeIndicatorStyles\":false,\"allowEval\":false,"
      + "\"allowScriptTags\":false,\"responseHandling\":[{\"code\":\"204\",\"swap\":false},"
      + "{\"code\":\"[23]..\",\"swap\":true},{\"code\":\"4..\",\"swap\":true,\"error\":true},"
      + "{\"code\":\"...\",\"swap\":false,\"error\":true}]}";

  private Layout() {}

  /** Whether the caller may press the buttons that act (acknowledge, silence, approve). */
  static boolean mayAct(Caller caller) {
    return caller.role().allows(Role.OPERATOR);
  }

  /**
   * @param page which page this is, for medic.js ({@code overview}, {@code target}, {@code incident},
   *     {@code topology}, {@code missing})
   * @param body already escaped HTML
   */
  static String page(Caller caller, String page, String title, String body, boolean charts) {
    StringBuilder html = new StringBuilder(body.length() + 2048);
    html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta name=\"color-scheme\" content=\"light dark\">")
        .append("<meta name=\"htmx-config\" content=\"").append(Html.esc(HTMX_CONFIG)).append("\">")
        .append("<title>").append(Html.esc(title)).append(" - medic</title>")
        // No favicon request (a 404 in every console): an empty icon, allowed by img-src data:.
        .append("<link rel=\"icon\" href=\"data:,\">")
        .append("<link rel=\"stylesheet\" href=\"/assets/medic.css\">");
    if (charts) {
      html.append("<link rel=\"stylesheet\" href=\"").append(UPLOT_CSS).append("\">")
          .append("<script src=\"").append(UPLOT_JS).append("\" defer></script>");
    }
    html.append("<script src=\"").append(HTMX).append("\" defer></script>")
        .append("<script src=\"/assets/medic.js\" defer></script>")
        .append("</head><body data-page=\"").append(Html.esc(page)).append("\">")
        .append("<a class=\"skip\" href=\"#main\">Skip to content</a>")
        .append(header(caller))
        .append("<main id=\"main\" tabindex=\"-1\">").append(body).append("</main>")
        .append("<footer><p id=\"live-state\" role=\"status\" aria-live=\"polite\">Live updates: connecting</p></footer>")
        .append("</body></html>\n");
    return html.toString();
  }

  private static String header(Caller caller) {
    boolean anonymous = "anonymous".equals(caller.name());
    StringBuilder h = new StringBuilder("<header class=\"top\"><nav aria-label=\"Main\"><a class=\"brand\" href=\"/\">medic</a>")
        .append("<a href=\"/\">Overview</a><a href=\"/topology\">Topology</a></nav><div class=\"who\">");
    if (anonymous) {
      h.append("<span>not logged in</span> <a href=\"/login\">Log in</a>");
    } else {
      h.append("<span class=\"caller\">").append(Html.esc(caller.name())).append(" <span class=\"role\">(")
          .append(Html.esc(caller.role().key())).append(")</span></span>")
          .append("<form method=\"post\" action=\"/logout\" class=\"inline\"><button type=\"submit\">Log out</button></form>");
    }
    h.append("<button type=\"button\" id=\"theme-toggle\" aria-pressed=\"false\">Dark theme</button></div></header>");
    return h.toString();
  }

  /** The page for a target or incident that does not exist; the caller answers it with 404. */
  static String missing(Caller caller, String what) {
    return page(caller, "missing", "Not found", "<h1>Not found</h1><p>" + Html.esc(what)
        + "</p><p><a href=\"/\">Back to the overview</a></p>", false);
  }
}
