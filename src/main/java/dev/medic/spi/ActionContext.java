package dev.medic.spi;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What an action may touch: the incident it works on and what the runtime and plugins bind. */
public record ActionContext(Incident incident, Bindings bindings) {

  /**
   * Fills {@code {target}}, {@code {condition}}, {@code {incident_id}} and {@code {severity}} in
   * one argument or URL. Values are inserted as data, never interpreted by a shell.
   */
  public String render(String template) {
    return render(template, UnaryOperator.identity());
  }

  /**
   * Fills the same fields, each value passed through {@code escape} first (JSON-escaped for a JSON
   * body, say), so that a quote or newline in a target's name cannot change the text around it.
   */
  public String render(String template, UnaryOperator<String> escape) {
    // One pass: a value that itself contains "{condition}" is data, not filled in again.
    return FIELD.matcher(template).replaceAll(m -> Matcher.quoteReplacement(escape.apply(switch (m.group(1)) {
      case "target" -> incident.target();
      case "condition" -> incident.condition();
      case "incident_id" -> Long.toString(incident.id());
      default -> incident.severity().key();
    })));
  }

  private static final Pattern FIELD = Pattern.compile("\\{(target|condition|incident_id|severity)}");
}
