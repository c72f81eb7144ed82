package dev.medic.rabbitmq;

import dev.medic.spi.Bindings;
import dev.medic.spi.MetricNames;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import static dev.medic.support.OwnRules.conditions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.AMQP;
import dev.medic.spi.ThresholdRule;
import dev.medic.support.RabbitScratch;
import dev.medic.support.RealServices;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rabbitmq check against the real RabbitMQ on 127.0.0.1:5672, each test with its own queues. */
class RabbitMqCheckTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private RabbitScratch rabbit;
  private final ProbeContext ctx = new ProbeContext("t", Clock.systemUTC(), Bindings.none());
  private Probe probe;

  @BeforeAll
  static void needsRabbitMq() {
    RealServices.requireRabbitMq();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (probe != null) {
      probe.close();
    }
    if (rabbit != null) {
      rabbit.close();
    }
  }

  private RabbitScratch rabbit() {
    rabbit = new RabbitScratch();
    return rabbit;
  }

  private ProbeResult run() {
    try {
      return probe.run(TIMEOUT);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void queueWithMessagesAndNoConsumerIsStalledWhileAConsumedOneIsNot() throws Exception {
    RabbitScratch r = rabbit();
    String orphan = r.queue("orphan");
    String worked = r.queue("worked");
    for (int i = 0; i < 200; i++) {
      r.publish(orphan, "job-" + i);
      r.publish(worked, "job-" + i);
    }
    // A slow but live worker: one message at a time, acknowledged after 40 ms.
    Channel worker = r.connection.createChannel();
    worker.basicQos(1);
    worker.basicConsume(worked, false, new DefaultConsumer(worker) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
          throws java.io.IOException {
        try {
          Thread.sleep(40);
          worker.basicAck(envelope.getDeliveryTag(), false);
        } catch (InterruptedException | com.rabbitmq.client.AlreadyClosedException e) {
          // the test is over
        }
      }
    });
    RabbitMqCheck spec = new RabbitMqCheck(null, null, null, RabbitScratch.URL, null, List.of(orphan, worked),
        Duration.ofSeconds(1), null);
    probe = spec.create(ctx);
    String o = MetricNames.suffix(orphan);
    String w = MetricNames.suffix(worked);
    AtomicReference<ProbeResult> last = new AtomicReference<>();

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
      ProbeResult result = run();
      last.set(result);
      assertThat(result.status()).isEqualTo(Status.UP);
      assertThat(result.metrics().get("stalled_seconds_" + w)).isLessThan(1.0);
      return conditions(spec, result).contains("stalled_queue");
    });

    ProbeResult result = last.get();
    assertThat(result.metrics()).containsEntry("queue_depth_" + o, 200.0).containsEntry("consumers_" + o, 0.0)
        .containsEntry("consumers_" + w, 1.0).containsEntry("blocked", 0.0);
    assertThat(result.metrics().get("stalled_seconds_" + o)).isGreaterThanOrEqualTo(1.0);
    assertThat(result.metrics().get("queue_depth_" + w)).isLessThan(200.0);
    assertThat(result.message()).contains(orphan + " 200 ready, 0 consumers (stalled");
    assertThat(conditions(spec, result)).containsExactly("stalled_queue");
  }

  @Test
  void missingQueueIsQueueMissingWhileTheOthersAreStillMeasured() throws Exception {
    RabbitScratch r = rabbit();
    String present = r.queue("present");
    r.publish(present, "x");
    String absent = r.prefix + "never-declared";
    probe = new RabbitMqCheck(null, null, null, RabbitScratch.URL, null, List.of(absent, present), null, null)
        .create(ctx);

    ProbeResult result = run();

    assertThat(result.status()).isEqualTo(Status.DOWN);
    assertThat(result.condition()).isEqualTo("queue_missing");
    assertThat(result.message()).startsWith("queue '" + absent + "' not found in vhost '/'");
    assertThat(result.metrics()).containsEntry("queue_depth_" + MetricNames.suffix(present), 1.0)
        .doesNotContainKey("queue_depth_" + MetricNames.suffix(absent));

    r.queue("never-declared");
    assertThat(run().status()).as("the same probe recovers once the queue exists").isEqualTo(Status.UP);
  }

  @Test
  void probeKeepsItsConnectionsBetweenRunsAndReconnectsAfterTheBrokerDropsThem() throws Exception {
    Assumptions.assumeTrue(rabbitmqctl("-q", "status") != null, "needs rabbitmqctl to drop connections");
    RabbitScratch r = rabbit();
    String q = r.queue("q");
    String target = "t-" + r.prefix; // names this probe's connections on the broker
    probe = new RabbitMqCheck(null, null, null, RabbitScratch.URL, null, List.of(q), null, null)
        .create(new ProbeContext(target, Clock.systemUTC(), Bindings.none()));
    for (int i = 0; i < 3; i++) {
      assertThat(run().status()).isEqualTo(Status.UP);
    }
    // However many runs: one connection that asks and one alarm sentinel.
    assertThat(connectionsOf(target)).hasSize(2);

    for (String pid : connectionsOf(target)) {
      rabbitmqctl("close_connection", pid, "medic test drops the probe's connection");
    }
    // rabbitmqctl starts an Erlang VM per call: seconds each on a loaded machine.
    await().atMost(Duration.ofSeconds(30)).until(() -> connectionsOf(target).isEmpty());
    await().atMost(Duration.ofSeconds(10)).until(() -> run().status() == Status.UP);
    assertThat(connectionsOf(target)).hasSize(2);

    probe.close();
    await().atMost(Duration.ofSeconds(30)).until(() -> connectionsOf(target).isEmpty());
  }

  @Test
  void monitoringUserWithoutWritePermissionSeesQueuesButTheAlarmSentinelIsReportedRefusedAtEveryRun()
      throws Exception {
    Assumptions.assumeTrue(rabbitmqctl("-q", "status") != null, "needs rabbitmqctl to add a restricted user");
    RabbitScratch r = rabbit();
    String q = r.queue("q");
    String user = r.prefix + "monitor";
    assertThat(rabbitmqctl("add_user", user, "pw")).isNotNull();
    try {
      // No configure, no write: a passive declare needs no permission at all.
      assertThat(rabbitmqctl("set_permissions", "-p", "/", user, "^$", "^$", "^$")).isNotNull();
      String url = "amqp://" + user + ":pw@127.0.0.1:5672/%2F";
      Probe quiet = new RabbitMqCheck(null, null, null, url, null, List.of(q), null, false).create(ctx);
      try {
        ProbeResult result = quiet.run(TIMEOUT);
        assertThat(result.status()).isEqualTo(Status.UP);
        assertThat(result.metrics()).containsEntry("queue_depth_" + MetricNames.suffix(q), 0.0);
      } finally {
        quiet.close();
      }

      probe = new RabbitMqCheck(null, null, null, url, null, List.of(q), null, null).create(ctx);
      // The broker's refusal is awaited within the run that caused it: the first run already says so.
      for (int i = 0; i < 3; i++) {
        ProbeResult refused = run();
        assertThat(refused.status()).as("run %d", i).isEqualTo(Status.DOWN);
        assertThat(refused.condition()).isEqualTo("rabbitmq_connection_error");
        assertThat(refused.message()).contains("alarm sentinel refused").contains("amq.default")
            .contains("detect_alarms: false");
      }

      assertThat(rabbitmqctl("set_permissions", "-p", "/", user, "^$", "^amq\\.default$", "^$")).isNotNull();
      await().atMost(Duration.ofSeconds(10)).until(() -> run().status() == Status.UP);
    } finally {
      rabbitmqctl("delete_user", user);
    }
  }

  /**
   * A real memory alarm, raised by lowering the node's watermark: node-wide, it blocks every
   * publisher on the broker for a few seconds, so it runs only when asked for.
   */
  @Test
  void brokerMemoryAlarmIsReportedAsBlockedWhileQueuesAreStillMeasured() throws Exception {
    Assumptions.assumeTrue("true".equals(System.getenv("MEDIC_TEST_BROKER_ALARM")),
        "raises a node-wide memory alarm on the broker; set MEDIC_TEST_BROKER_ALARM=true to run it");
    String status = rabbitmqctl("-q", "status");
    Assumptions.assumeTrue(status != null, "needs rabbitmqctl");
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("Memory high watermark setting: ([0-9.]+) of available memory").matcher(status);
    Assumptions.assumeTrue(m.find(), "cannot read the current watermark to restore it");
    String watermark = m.group(1);
    RabbitScratch r = rabbit();
    String q = r.queue("q");
    RabbitMqCheck spec = new RabbitMqCheck(null, null, null, RabbitScratch.URL, null, List.of(q), null, null);
    probe = spec.create(ctx);
    assertThat(run().metrics()).containsEntry("blocked", 0.0);
    try {
      rabbitmqctl("set_vm_memory_high_watermark", "0.0001");
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
          .until(() -> run().metrics().get("blocked") == 1.0);
      ProbeResult blocked = run();
      assertThat(blocked.status()).isEqualTo(Status.UP);
      assertThat(blocked.metrics()).containsKey("queue_depth_" + MetricNames.suffix(q));
      assertThat(blocked.message()).contains("broker blocks publishers: low on memory");
      assertThat(conditions(spec, blocked)).containsExactly("broker_blocked");
    } finally {
      rabbitmqctl("set_vm_memory_high_watermark", watermark);
    }
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
        .until(() -> run().metrics().get("blocked") == 0.0);
  }

  /** Broker-side ids of the connections whose client-provided name mentions the target. */
  private static List<String> connectionsOf(String target) {
    String out = rabbitmqctl("-q", "list_connections", "pid", "client_properties");
    return out == null ? List.of() : out.lines().filter(l -> l.contains("medic " + target + "/"))
        .map(l -> l.split("\\s+")[0]).toList();
  }

  private static String rabbitmqctl(String... args) {
    try {
      List<String> argv = new java.util.ArrayList<>(List.of("rabbitmqctl"));
      argv.addAll(List.of(args));
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      return p.waitFor() == 0 ? out : null;
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Test
  void closedPortIsAConnectionErrorThatNeverShowsThePassword() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RabbitMqCheck spec = new RabbitMqCheck(null, null, null, "amqp://guest:s3cret@127.0.0.1:" + port + "/%2F", null,
        List.of("q"), null, null);
    probe = spec.create(ctx);

    ProbeResult result = run();

    assertThat(result.status()).isEqualTo(Status.DOWN);
    assertThat(result.condition()).isEqualTo("rabbitmq_connection_error");
    assertThat(result.message()).contains("127.0.0.1:" + port).doesNotContain("s3cret");
    assertThat(spec.toString()).contains("guest:***@").doesNotContain("s3cret");
  }

  @Test
  void wrongPasswordIsAConnectionError() {
    probe = new RabbitMqCheck(null, null, null, RabbitScratch.URL, "not-the-password", List.of(), null, null)
        .create(ctx);

    ProbeResult result = run();

    assertThat(result.status()).isEqualTo(Status.DOWN);
    assertThat(result.condition()).isEqualTo("rabbitmq_connection_error");
    assertThat(result.message()).containsIgnoringCase("access_refused").doesNotContain("not-the-password");
  }

  @Test
  void rulesAndSettingsAreChecked() {
    RabbitMqCheck spec = new RabbitMqCheck(null, null, null, RabbitScratch.URL, null, List.of("orders.dlq"),
        Duration.ofSeconds(90), null);
    assertThat(spec.rules()).extracting(ThresholdRule::toString).containsExactly(
        "stalled_seconds_orders_dlq >= 90 as stalled_queue", "blocked > 0 as broker_blocked");
    assertThatThrownBy(() -> new RabbitMqCheck(null, null, null, "http://127.0.0.1:5672", null, null, null, null))
        .hasMessageContaining("url must look like amqp://");
    assertThatThrownBy(() -> new RabbitMqCheck(null, null, null, "amqp://h/a/b", null, null, null, null))
        .hasMessageContaining("%2F");
  }
}
