package dev.medic.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Bindings;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HttpPluginTest {

  private static Set<Thread> selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager"))
        .collect(Collectors.toSet());
  }

  @Test
  void makesItsClientsOnFirstUseAndClosesThemWithThePlugin() {
    Set<Thread> before = selectorThreads();
    HttpPlugin plugin = new HttpPlugin();
    Bindings.Builder builder = Bindings.builder();
    plugin.provide(builder);
    HttpClients clients = builder.build().require(HttpClients.class);
    assertThat(selectorThreads()).as("nothing made before a kind needs a client").isEqualTo(before);

    clients.verified();
    clients.trustingAll();
    Set<Thread> own = new HashSet<>(selectorThreads());
    own.removeAll(before);
    assertThat(own).as("one client verifying TLS, one trusting all").hasSize(2);

    plugin.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> own.stream().noneMatch(Thread::isAlive));
  }
}
