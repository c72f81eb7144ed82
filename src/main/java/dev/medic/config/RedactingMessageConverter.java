package dev.medic.config;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %redactedMsg} in logback.xml: the formatted message with its secrets hidden. */
public final class RedactingMessageConverter extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return LogRedaction.current().redact(event.getFormattedMessage());
  }
}
