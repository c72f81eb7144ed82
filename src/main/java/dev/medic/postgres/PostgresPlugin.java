package dev.medic.postgres;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** PostgreSQL: the {@code postgres} check and the session, blocker and vacuum remedies. */
public final class PostgresPlugin implements Plugin {

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.check("postgres", PostgresCheck.class, PostgresCheck::create);
    kinds.action("postgres_terminate_idle", PostgresTerminateIdleAction.class);
    kinds.action("postgres_cancel_blocker", PostgresCancelBlockerAction.class);
    kinds.action("postgres_terminate_app", PostgresTerminateAppAction.class);
    kinds.action("postgres_vacuum", PostgresVacuumAction.class);
  }
}
