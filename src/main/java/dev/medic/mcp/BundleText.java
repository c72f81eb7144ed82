package dev.medic.mcp;

import java.util.Optional;

/** An incident's bundle as a Markdown document, for a reader who asks for it that way. */
@FunctionalInterface
public interface BundleText {

  /** The bundle as Markdown; empty when there is no such incident. */
  Optional<String> markdown(long incidentId);
}
