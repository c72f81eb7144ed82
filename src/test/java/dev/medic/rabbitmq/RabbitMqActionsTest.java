package dev.medic.rabbitmq;

import dev.medic.spi.Bindings;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.spi.CheckSpec;
import dev.medic.spi.MetricNames;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.support.RabbitScratch;
import dev.medic.support.RealServices;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RabbitMQ actions against the real RabbitMQ on 127.0.0.1:5672, each test with its own queues. */
class RabbitMqActionsTest {

  private final ActionContext ctx = new ActionContext(Incident.open("broker", "stalled_queue", Severity.WARNING, "msg", Instant.now()).withId(1), Bindings.none());
  private RabbitScratch rabbit;

  @BeforeAll
  static void needsRabbitMq() {
    RealServices.requireRabbitMq();
  }

  @BeforeEach
  void connect() {
    rabbit = new RabbitScratch();
  }

  @AfterEach
  void cleanUp() throws Exception {
    rabbit.close();
  }

  /** A work queue whose rejected messages the broker dead-letters into its DLQ, with x-death headers. */
  private record Pair(String work, String dlq) {}

  private Pair deadLetters(int count) throws Exception {
    String dlq = rabbit.queue("orders.dlq");
    String work = rabbit.queue("orders", Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", dlq));
    for (int i = 0; i < count; i++) {
      rabbit.publish(work, "order-" + i, new AMQP.BasicProperties.Builder()
          .contentType("application/json").correlationId("c-" + i).headers(Map.of("tenant", "acme")).build());
    }
    for (int i = 0; i < count; i++) {
      GetResponse m = rabbit.channel.basicGet(work, false);
      rabbit.channel.basicReject(m.getEnvelope().getDeliveryTag(), false); // a worker gave up on it
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> rabbit.depth(dlq) == count);
    return new Pair(work, dlq);
  }

  @Test
  void stalledDeadLetterQueueIsDetectedAndItsMessagesMovedBackWithTheirProperties() throws Exception {
    Pair q = deadLetters(5);
    RabbitMqCheck check = new RabbitMqCheck(null, null, null, RabbitScratch.URL, null, List.of(q.dlq()),
        Duration.ofMillis(500), false);
    Probe probe = check.create(new ProbeContext("broker", Clock.systemUTC(), Bindings.none()));
    String stalled = "stalled_seconds_" + MetricNames.suffix(q.dlq());
    try {
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
          .until(() -> raised(check, probe.run(Duration.ofSeconds(2))).contains("stalled_queue"));

      ActionOutcome outcome = new RabbitMqMoveDeadLettersAction(RabbitScratch.URL, null, q.dlq(), q.work(), null, null)
          .run(ctx);

      assertThat(outcome.ok()).isTrue();
      assertThat(outcome.detail()).isEqualTo("moved 5 messages from '" + q.dlq() + "' to '" + q.work()
          + "' (persistent, each confirmed before its ack); 0 left in '" + q.dlq() + "'");
      assertThat(rabbit.depth(q.dlq())).isZero();
      assertThat(rabbit.depth(q.work())).isEqualTo(5);
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        GetResponse m = rabbit.channel.basicGet(q.work(), true);
        bodies.add(new String(m.getBody(), StandardCharsets.UTF_8));
        assertThat(m.getProps().getDeliveryMode()).isEqualTo(2);
        assertThat(m.getProps().getContentType()).isEqualTo("application/json");
        assertThat(m.getProps().getCorrelationId()).isEqualTo("c-" + i);
        assertThat(m.getProps().getHeaders()).containsKey("x-death")
            .hasEntrySatisfying("tenant", v -> assertThat(v.toString()).isEqualTo("acme"));
      }
      assertThat(bodies).containsExactly("order-0", "order-1", "order-2", "order-3", "order-4");

      ProbeResult after = probe.run(Duration.ofSeconds(2));
      assertThat(after.metrics().get(stalled)).isZero();
      assertThat(raised(check, after)).isEmpty();
    } finally {
      probe.close();
    }
  }

  private static List<String> raised(CheckSpec check, ProbeResult result) {
    return check.rules().stream()
        .filter(r -> result.metrics().get(r.metric()) != null && r.breached(result.metrics().get(r.metric())))
        .map(r -> r.condition()).toList();
  }

  @Test
  void movesAtMostMaxMessagesPerRun() throws Exception {
    Pair q = deadLetters(5);
    var action = new RabbitMqMoveDeadLettersAction(RabbitScratch.URL, null, q.dlq(), q.work(), 3, null);

    assertThat(action.run(ctx).detail()).startsWith("moved 3 messages")
        .endsWith("2 left in '" + q.dlq() + "'; max_messages 3 reached");
    assertThat(rabbit.depth(q.work())).isEqualTo(3);
    assertThat(action.run(ctx).detail()).startsWith("moved 2 messages").endsWith("0 left in '" + q.dlq() + "'");
    ActionOutcome none = action.run(ctx);
    assertThat(none.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(none.detail()).isEqualTo("moved 0 messages: '" + q.dlq() + "' holds no ready message");
  }

  @Test
  void movePlanCountsTheMessagesItWouldMoveAndMovesNone() throws Exception {
    Pair q = deadLetters(5);
    var action = new RabbitMqMoveDeadLettersAction(RabbitScratch.URL, null, q.dlq(), q.work(), 3, null);

    ActionOutcome plan = action.plan(ctx);

    assertThat(plan.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(plan.detail()).isEqualTo("would move 3 messages from '" + q.dlq() + "' to '" + q.work()
        + "' (persistent, each confirmed before its ack); 2 left in '" + q.dlq() + "'; max_messages 3 reached");
    assertThat(rabbit.depth(q.dlq())).isEqualTo(5);
    assertThat(rabbit.depth(q.work())).isZero();
    assertThat(action.run(ctx).detail()).isEqualTo(plan.detail().replace("would move", "moved"));

    String empty = rabbit.queue("empty.dlq");
    ActionOutcome none = new RabbitMqMoveDeadLettersAction(RabbitScratch.URL, null, empty, q.work(), null, null)
        .plan(ctx);
    assertThat(none.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(none.detail()).isEqualTo("would move 0 messages: '" + empty + "' holds no ready message");
  }

  @Test
  void missingTargetQueueFailsAndLeavesTheDeadLettersWhereTheyAre() throws Exception {
    Pair q = deadLetters(2);
    String nowhere = rabbit.prefix + "deleted";

    ActionOutcome outcome = new RabbitMqMoveDeadLettersAction(RabbitScratch.URL, null, q.dlq(), nowhere, null, null)
        .run(ctx);

    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.detail()).isEqualTo("moved 0 messages: queue '" + nowhere + "' not found in vhost '/'");
    assertThat(rabbit.depth(q.dlq())).isEqualTo(2);
  }

  @Test
  void purgeDropsReadyMessagesAndReportsHowMany() throws Exception {
    String q = rabbit.queue("poison");
    for (int i = 0; i < 7; i++) {
      rabbit.publish(q, "bad-" + i);
    }
    var purge = new RabbitMqPurgeAction(RabbitScratch.URL, null, q, null);

    assertThat(purge.destructive()).isTrue();
    ActionOutcome outcome = purge.run(ctx);

    assertThat(outcome.ok()).isTrue();
    assertThat(outcome.detail()).isEqualTo("purged 7 messages from '" + q + "'");
    assertThat(rabbit.depth(q)).isZero();
    ActionOutcome none = purge.run(ctx);
    assertThat(none.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(none.detail()).isEqualTo("purged 0 messages: '" + q + "' held no ready message");
    assertThat(new RabbitMqPurgeAction(RabbitScratch.URL, null, rabbit.prefix + "none", null).run(ctx).detail())
        .isEqualTo("purged nothing: queue '" + rabbit.prefix + "none' not found in vhost '/'");
  }

  @Test
  void purgePlanCountsTheMessagesItWouldDropAndDropsNone() throws Exception {
    String q = rabbit.queue("poison");
    for (int i = 0; i < 4; i++) {
      rabbit.publish(q, "bad-" + i);
    }
    var purge = new RabbitMqPurgeAction(RabbitScratch.URL, null, q, null);

    ActionOutcome plan = purge.plan(ctx);

    assertThat(plan.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(plan.detail()).isEqualTo("would purge 4 messages from '" + q + "'");
    assertThat(rabbit.depth(q)).isEqualTo(4);
    rabbit.channel.queuePurge(q);
    ActionOutcome none = purge.plan(ctx);
    assertThat(none.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(none.detail()).isEqualTo("would purge 0 messages: '" + q + "' holds no ready message");
  }

  @Test
  void actionsOnAClosedPortFailWithoutShowingThePassword() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "amqp://guest:s3cret@127.0.0.1:" + port + "/%2F";
    for (ActionSpec action : List.<ActionSpec>of(
        new RabbitMqMoveDeadLettersAction(url, null, "a", "b", null, Duration.ofSeconds(1)),
        new RabbitMqPurgeAction(url, null, "a", Duration.ofSeconds(1)))) {
      ActionOutcome outcome = action.run(ctx);
      assertThat(outcome.ok()).isFalse();
      assertThat(outcome.detail()).contains("127.0.0.1:" + port).doesNotContain("s3cret");
      assertThat(action.describe(ctx)).doesNotContain("s3cret");
      assertThat(action.toString()).doesNotContain("s3cret");
    }
  }
}
