package dev.medic.mysql;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** MySQL and MariaDB: the {@code mysql} check. */
public final class MySqlPlugin implements Plugin {

  @Override
  public String name() {
    return "mysql";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.check("mysql", MySqlCheck.class, MySqlCheck::create);
  }
}
