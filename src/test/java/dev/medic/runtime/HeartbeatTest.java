package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.AgentSettings;
import dev.medic.notify.LogCapture;
import dev.medic.store.SqliteStore;
import dev.medic.support.ManualScheduler;
import dev.medic.support.SettableClock;
import dev.medic.support.TestHttpServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heartbeat on medic's real scheduler timers, driven by hand on a settable clock: each beat runs
 * on the test's thread, calls a real local HTTP server and writes the alive mark to a real store.
 */
class HeartbeatTest {

  private static final String UUID_PATH = "/ping/0f6e8c3a-5b1d-4a55-9d9e-2b3c4d5e6f70";

  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T08:00:00Z"));
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicReference<AgentSettings.Heartbeat> settings = new AtomicReference<>();
  private TestHttpServer receiver;
  private ManualScheduler timers;
  private SqliteStore store;
  private Heartbeat heartbeat;

  @BeforeEach
  void setUp() throws Exception {
    receiver = new TestHttpServer(status::get);
    timers = new ManualScheduler(clock, o -> {});
    store = SqliteStore.open(dir.resolve("medic.db"));
    heartbeat = new Heartbeat(timers.scheduler().timers(), settings::get, store, () -> 3, d -> {}, clock);
  }

  @AfterEach
  void tearDown() {
    timers.close();
    store.close();
    receiver.close();
  }

  private AgentSettings.Heartbeat every(String method, Duration interval) {
    return new AgentSettings.Heartbeat(receiver.url(UUID_PATH), interval, method, Duration.ofSeconds(2));
  }

  @Test
  void callsTheUrlAtStartAndThenEveryIntervalMarkingMedicAliveEachTime() {
    settings.set(every("GET", Duration.ofSeconds(60)));
    heartbeat.start(List.of("web"));
    assertThat(receiver.requests()).hasSize(1);
    assertThat(store.agentState().lastAlive()).contains(clock.instant());

    timers.tick(Duration.ofSeconds(59));
    assertThat(receiver.requests()).hasSize(1);
    timers.tick(Duration.ofSeconds(1));
    assertThat(receiver.requests()).hasSize(2);
    assertThat(store.agentState().lastAlive()).contains(Instant.parse("2026-11-30T08:01:00Z"));
    timers.tick(Duration.ofSeconds(120));
    assertThat(receiver.requests()).hasSize(4);
    assertThat(store.agentState().lastAlive()).contains(Instant.parse("2026-11-30T08:03:00Z"));

    TestHttpServer.Request r = receiver.requests().getLast();
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo(UUID_PATH);
    assertThat(r.body()).isEmpty();
    assertThat(r.header("User-Agent")).isEqualTo("medic");
    assertThat(r.header("Content-Type")).isNull();
  }

  @Test
  void postSendsMedicsVersionUptimeAndOpenIncidentsAsJson() {
    settings.set(every("POST", Duration.ofSeconds(30)));
    heartbeat.start(List.of("web"));
    timers.tick(Duration.ofSeconds(90));

    TestHttpServer.Request r = receiver.requests().getLast();
    assertThat(receiver.requests()).hasSize(4);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo(UUID_PATH);
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.body()).isEqualTo("{\"medic\":\"dev\",\"uptime_seconds\":90,\"open_incidents\":3}");
  }

  @Test
  void aFailedCallIsLoggedOnceWithoutTheUrlsPathAndMadeAgainAtTheNextInterval() {
    settings.set(every("GET", Duration.ofSeconds(60)));
    status.set(503);
    try (LogCapture log = new LogCapture("medic")) {
      heartbeat.start(List.of("web"));
      timers.tick(Duration.ofSeconds(60));
      assertThat(receiver.requests()).hasSize(2);
      status.set(200);
      timers.tick(Duration.ofSeconds(60));
      assertThat(receiver.requests()).hasSize(3);

      String origin = "http://127.0.0.1:" + receiver.port() + "/***";
      assertThat(log.lines().stream().filter(l -> l.contains("heartbeat")).toList()).containsExactly(
          "WARN heartbeat to " + origin + " failed: answered HTTP 503; trying again every 60 s",
          "INFO heartbeat to " + origin + " goes through again");
      assertThat(String.join("\n", log.lines())).doesNotContain("0f6e8c3a");
    }
  }

  @Test
  void aReceiverThatNeverAnswersCostsTheTimeoutAndTheAliveMarkStillLands() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        LogCapture log = new LogCapture("medic")) {
      settings.set(new AgentSettings.Heartbeat("http://127.0.0.1:" + silent.getLocalPort() + UUID_PATH,
          Duration.ofSeconds(60), "GET", Duration.ofMillis(300)));
      long began = System.nanoTime();
      heartbeat.start(List.of("web"));
      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
      assertThat(store.agentState().lastAlive()).contains(clock.instant());
      assertThat(log.lines()).anySatisfy(l -> assertThat(l)
          .startsWith("WARN heartbeat to http://127.0.0.1:" + silent.getLocalPort() + "/*** failed: "));
    }
  }

  @Test
  void withoutAUrlMedicStillMarksItselfAliveEveryMinute() {
    heartbeat.start(List.of("web"));
    timers.tick(Duration.ofSeconds(150));
    assertThat(store.agentState().lastAlive()).contains(Instant.parse("2026-11-30T08:02:00Z"));
    assertThat(receiver.requests()).isEmpty();
  }

  @Test
  void aReloadedIntervalTakesEffectAfterTheNextBeat() {
    settings.set(every("GET", Duration.ofSeconds(60)));
    heartbeat.start(List.of("web"));
    settings.set(every("GET", Duration.ofSeconds(10)));
    timers.tick(Duration.ofSeconds(60)); // the old interval's beat, which takes up the new one
    timers.tick(Duration.ofSeconds(30));
    assertThat(receiver.requests()).hasSize(5);
  }

  @Test
  void closingStopsTheBeatsAndMarksACleanStop() {
    settings.set(every("GET", Duration.ofSeconds(60)));
    heartbeat.start(List.of("web"));
    timers.tick(Duration.ofSeconds(70));
    heartbeat.close();
    assertThat(store.agentState().stoppedCleanlyAt()).contains(Instant.parse("2026-11-30T08:01:10Z"));
    assertThat(store.agentState().lastAlive()).contains(Instant.parse("2026-11-30T08:01:10Z"));
    timers.tick(Duration.ofMinutes(5));
    assertThat(receiver.requests()).hasSize(2);
  }
}
