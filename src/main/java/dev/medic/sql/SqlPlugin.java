package dev.medic.sql;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** Any JDBC database: the {@code sql} check and the {@code sql} action. */
public final class SqlPlugin implements Plugin {

  @Override
  public String name() {
    return "sql";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.check("sql", SqlCheck.class, SqlCheck::create);
    kinds.action("sql", SqlAction.class);
  }
}
