package dev.medic.spi;

import java.time.Clock;

/**
 * What an analyst may use while it works.
 *
 * @param clock for timestamps and latency
 * @param bundleJson the bundle as one self-contained JSON document (what an external agent reads)
 * @param bundleMarkdown the bundle as Markdown, for a person or a model
 */
public record AnalystContext(Clock clock, String bundleJson, String bundleMarkdown) {}
