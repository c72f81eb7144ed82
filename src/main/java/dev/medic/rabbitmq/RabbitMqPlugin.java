package dev.medic.rabbitmq;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** RabbitMQ: the {@code rabbitmq} check and the dead-letter and purge remedies. */
public final class RabbitMqPlugin implements Plugin {

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.check("rabbitmq", RabbitMqCheck.class, RabbitMqCheck::create);
    kinds.action("rabbitmq_move_dead_letters", RabbitMqMoveDeadLettersAction.class);
    kinds.action("rabbitmq_purge", RabbitMqPurgeAction.class);
  }
}
