package dev.medic.config;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * {@code %redactedEx} in logback.xml: a stack trace with its secrets hidden (an exception message
 * often quotes the URL it failed on).
 */
public final class RedactingThrowableConverter extends ThrowableProxyConverter {
  @Override
  protected String throwableProxyToString(IThrowableProxy proxy) {
    return LogRedaction.current().redact(super.throwableProxyToString(proxy));
  }
}
