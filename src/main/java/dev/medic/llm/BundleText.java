package dev.medic.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.IncidentBundle.ActionTaken;
import dev.medic.spi.IncidentBundle.Neighbour;
import dev.medic.spi.IncidentBundle.ObservationSample;
import dev.medic.spi.IncidentBundle.PastIncident;
import dev.medic.spi.TimelineEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The bundle as compact text for the model. Every text that came from the watched systems sits in an
 * untrusted-data block; names, states and the config medic was given stay outside. Trimmed to fit
 * {@code max_input_chars}: the oldest observations and log lines go first, then the oldest timeline
 * events, past and related incidents; what was left out is said.
 */
final class BundleText {

  /** One log line or message cannot crowd out the rest. */
  static final int MAX_PIECE = 2000;

  private final ObjectMapper json;
  private final Untrusted untrusted;

  BundleText(ObjectMapper json, Untrusted untrusted) {
    this.json = json;
    this.untrusted = untrusted;
  }

  String render(IncidentBundle bundle, int maxChars) {
    List<ObservationSample> observations = new ArrayList<>(bundle.observations());
    List<String> logLines = new ArrayList<>(bundle.logLines());
    List<TimelineEvent> timeline = new ArrayList<>(bundle.timeline());
    List<PastIncident> similar = new ArrayList<>(bundle.similar());
    List<Incident> related = new ArrayList<>(bundle.related());
    Omitted omitted = new Omitted();
    String text = render(bundle, observations, logLines, timeline, similar, related, omitted);
    while (text.length() > maxChars && dropOne(observations, logLines, timeline, similar, related, omitted)) {
      text = render(bundle, observations, logLines, timeline, similar, related, omitted);
    }
    return text;
  }

  /** Leaves out the least telling item left; false when nothing is left to leave out. */
  private static boolean dropOne(List<ObservationSample> observations, List<String> logLines,
      List<TimelineEvent> timeline, List<PastIncident> similar, List<Incident> related, Omitted omitted) {
    // Observations and log lines take turns, the longer list first, so both keep their newest.
    if (!observations.isEmpty() && (observations.size() >= logLines.size())) {
      observations.removeFirst();
      omitted.observations++;
    } else if (!logLines.isEmpty()) {
      logLines.removeFirst();
      omitted.logLines++;
    } else if (!similar.isEmpty()) {
      similar.removeLast();
      omitted.similar++;
    } else if (!related.isEmpty()) {
      related.removeLast();
      omitted.related++;
    } else if (!timeline.isEmpty()) {
      timeline.removeFirst();
      omitted.timeline++;
    } else {
      return false;
    }
    return true;
  }

  private static final class Omitted {
    int observations;
    int logLines;
    int timeline;
    int similar;
    int related;

    String note() {
      List<String> parts = new ArrayList<>();
      add(parts, observations, "oldest observations");
      add(parts, logLines, "oldest log lines");
      add(parts, timeline, "oldest timeline events");
      add(parts, similar, "oldest similar past incidents");
      add(parts, related, "related incidents");
      return parts.isEmpty() ? "" : "(Left out to fit the input budget: " + String.join(", ", parts) + ".)\n\n";
    }

    private static void add(List<String> parts, int count, String what) {
      if (count > 0) {
        parts.add(count + " " + what);
      }
    }
  }

  private String render(IncidentBundle bundle, List<ObservationSample> observations, List<String> logLines,
      List<TimelineEvent> timeline, List<PastIncident> similar, List<Incident> related, Omitted omitted) {
    StringBuilder out = new StringBuilder();
    Incident incident = bundle.incident();
    out.append("# Incident #").append(incident.id()).append(" on target ").append(incident.target()).append("\n\n");
    out.append(omitted.note());
    out.append(facts(incident)).append('\n');
    out.append("Message: ").append(piece(incident.message())).append("\n\n");

    out.append("## Timeline (oldest first)\n");
    for (TimelineEvent e : timeline) {
      out.append("- ").append(e.at()).append(' ').append(e.event());
      if (e.detail() != null && !e.detail().isBlank()) {
        out.append(": ").append(piece(e.detail()));
      }
      out.append('\n');
    }
    out.append("\n## Observations of ").append(incident.target()).append(" (oldest first)\n");
    for (ObservationSample o : observations) {
      out.append("- ").append(o.at()).append(' ').append(o.check()).append(' ').append(o.status());
      if (o.condition() != null) {
        out.append(" condition=").append(o.condition());
      }
      if (o.latencyMs() != null) {
        out.append(" latency_ms=").append(Math.round(o.latencyMs()));
      }
      if (o.metrics() != null && !o.metrics().isEmpty()) {
        out.append(" metrics=").append(o.metrics());
      }
      if (o.message() != null && !o.message().isBlank()) {
        out.append(": ").append(piece(o.message()));
      }
      out.append('\n');
    }
    out.append("\n## Log lines and output (oldest first)\n");
    if (!logLines.isEmpty()) {
      out.append(untrusted.wrap(logLines.stream().map(BundleText::cut).collect(Collectors.joining("\n")))).append('\n');
    }
    out.append("\n## Actions medic tried (oldest first)\n");
    for (ActionTaken a : bundle.actions()) {
      // The strategy field of an audit row may quote a model's refused suggestion: untrusted too.
      out.append("- ").append(a.at()).append(" strategy ").append(piece(a.strategy())).append(" (")
          .append(piece(a.action())).append("): ").append(piece(a.outcome()));
      if (a.detail() != null && !a.detail().isBlank()) {
        out.append(" — ").append(piece(a.detail()));
      }
      out.append('\n');
    }
    out.append("\n## Target config (secrets redacted)\n").append(config(bundle.targetConfig())).append('\n');
    out.append("\n## Depends on\n");
    bundle.neighbourhood().dependsOn().forEach(n -> out.append(neighbour(n)));
    out.append("\n## Depended on by\n");
    bundle.neighbourhood().dependents().forEach(n -> out.append(neighbour(n)));
    out.append("\n## Related incidents on other targets\n");
    related.forEach(r -> out.append("- ").append(facts(r)).append(": ").append(piece(r.message())).append('\n'));
    out.append("\n## Similar past incidents (newest first)\n");
    similar.forEach(p -> out.append("- ").append(facts(p.incident())).append(", ended by ").append(p.resolvedBy())
        .append(": ").append(piece(p.incident().message())).append('\n'));
    return out.toString();
  }

  private static String facts(Incident i) {
    return "#" + i.id() + " target " + i.target() + ", condition " + i.condition() + ", severity "
        + (i.severity() == null ? "?" : i.severity().key()) + ", state " + (i.state() == null ? "?" : i.state().key())
        + ", opened " + i.openedAt() + ", healing attempts " + i.healingAttempts()
        + (i.strategiesTried().isEmpty() ? "" : ", tried " + i.strategiesTried())
        + (i.escalated() ? ", escalated" : "");
  }

  private String neighbour(Neighbour n) {
    StringBuilder out = new StringBuilder("- ").append(n.target()).append(": ").append(n.status())
        .append(", distance ").append(n.distance());
    if (n.dependsOn() != null && !n.dependsOn().isEmpty()) {
      out.append(", depends on ").append(n.dependsOn());
    }
    out.append('\n');
    if (n.openIncidents() != null) {
      n.openIncidents().forEach(i -> out.append("  - open ").append(facts(i)).append(": ").append(piece(i.message()))
          .append('\n'));
    }
    return out.toString();
  }

  private String config(Map<String, Object> config) {
    try {
      return Untrusted.neutralise(json.writeValueAsString(config));
    } catch (JsonProcessingException e) {
      return "(not shown: " + e.getOriginalMessage() + ")";
    }
  }

  private String piece(String text) {
    return untrusted.wrap(cut(text));
  }

  private static String cut(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= MAX_PIECE ? text : text.substring(0, MAX_PIECE) + " [cut]";
  }
}
