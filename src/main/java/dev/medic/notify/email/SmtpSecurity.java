package dev.medic.notify.email;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the connection to the SMTP server is protected, and the port each way usually listens on. */
enum SmtpSecurity {
  /** Plain connection on 587, upgraded with STARTTLS before anything is sent; never left plain. */
  STARTTLS(587),
  /** TLS from the first byte (SMTPS, "implicit TLS") on 465. */
  TLS(465),
  /** No encryption at all, on 25: only for a relay on the same host or a trusted network. */
  NONE(25);

  private final int defaultPort;

  SmtpSecurity(int defaultPort) {
    this.defaultPort = defaultPort;
  }

  int defaultPort() {
    return defaultPort;
  }

  String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  static SmtpSecurity of(String key) {
    return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("security must be "
            + Arrays.stream(values()).map(SmtpSecurity::key).collect(Collectors.joining(", ")) + ", got '" + key + "'"));
  }
}
