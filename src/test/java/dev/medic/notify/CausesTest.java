package dev.medic.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

class CausesTest {

  @Test
  void aRefusedConnectionWithoutAnyMessageSaysConnectionRefused() {
    // What the JDK's HTTP client throws when nothing listens: no message at any depth.
    ConnectException refused = new ConnectException();
    refused.initCause(new ConnectException());
    refused.getCause().initCause(new ClosedChannelException());
    assertThat(Causes.describe(refused))
        .isEqualTo("ConnectException: connection refused (nothing listening, or a firewall rejected it)");
  }

  @Test
  void theFirstMessageDownTheCausesIsQuotedWithItsKind() {
    assertThat(Causes.describe(new IOException(null, new HttpTimeoutException("request timed out"))))
        .isEqualTo("IOException: HttpTimeoutException: request timed out");
    assertThat(Causes.describe(new HttpTimeoutException("request timed out")))
        .isEqualTo("HttpTimeoutException: request timed out");
  }

  @Test
  void anExceptionWithNothingToSayIsNamedNeverNull() {
    assertThat(Causes.describe(new IllegalStateException((String) null))).isEqualTo("IllegalStateException: no detail given");
    assertThat(Causes.describe(new IllegalStateException("null"))).doesNotContain(": null");
  }
}
