package dev.medic.api;

import java.util.Locale;

/**
 * Whether a request's {@code Accept} prefers JSON over text. Prometheus sends {@code
 * application/openmetrics-text;...,text/plain;...;q=0.x,*\/*;q=0.x} and keeps getting text; a
 * browser or script asking for {@code application/json} gets the JSON dump.
 */
final class PrefersJson {

  private PrefersJson() {}

  static boolean of(String accept) {
    if (accept == null || accept.isBlank()) {
      return false;
    }
    double json = -1;
    double text = -1;
    for (String part : accept.split(",")) {
      String[] pieces = part.strip().split(";");
      String type = pieces[0].strip().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int i = 1; i < pieces.length; i++) {
        String p = pieces[i].strip();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (type.equals("application/json")) {
        json = Math.max(json, q);
      } else if (type.equals("text/plain") || type.contains("openmetrics")) {
        text = Math.max(text, q);
      }
    }
    return json > 0 && json > text;
  }
}
