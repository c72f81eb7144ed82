package dev.medic.handoff;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.medic.spi.AnalystContext;
import java.util.Locale;

/** Which rendering of the incident bundle the agent reads. */
public enum BundleFormat {
  /** The self-contained JSON document, as {@code GET /api/incidents/{id}/bundle} serves it. */
  JSON,
  /** The same content as Markdown, for an agent that reads prose better than JSON. */
  MARKDOWN;

  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  static BundleFormat parse(String text) {
    for (BundleFormat f : values()) {
      if (f.key().equalsIgnoreCase(text)) {
        return f;
      }
    }
    throw new IllegalArgumentException("format must be 'json' or 'markdown', got '" + text + "'");
  }

  String text(AnalystContext context) {
    return this == JSON ? context.bundleJson() : context.bundleMarkdown();
  }

  String suffix() {
    return this == JSON ? ".json" : ".md";
  }
}
