package dev.medic.heal;

import dev.medic.incident.Incident;
import dev.medic.process.Supervisor;
import java.net.http.HttpClient;

/** What an action may touch: the incident it works on, supervised processes, the HTTP client. */
public record ActionContext(Incident incident, Supervisor supervisor, HttpClient http) {

  /**
   * Fills {@code {target}}, {@code {condition}}, {@code {incident_id}} and {@code {severity}} in
   * one argument or URL. Values are inserted as data, never interpreted by a shell.
   */
  public String render(String template) {
    return template
        .replace("{target}", incident.target())
        .replace("{condition}", incident.condition())
        .replace("{incident_id}", Long.toString(incident.id()))
        .replace("{severity}", incident.severity().key());
  }
}
