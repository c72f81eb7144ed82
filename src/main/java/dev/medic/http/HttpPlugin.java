package dev.medic.http;

import dev.medic.spi.Bindings;
import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** HTTP(S) endpoints: the {@code http} check and the {@code http} action (a call to a URL). */
public final class HttpPlugin implements Plugin {

  private final HttpClients clients = new HttpClients();

  @Override
  public String name() {
    return "http";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.check("http", HttpCheck.class, HttpCheck::create);
    kinds.action("http", HttpAction.class);
  }

  @Override
  public void provide(Bindings.Builder bindings) {
    bindings.bind(HttpClients.class, clients);
  }

  @Override
  public void close() {
    clients.close();
  }
}
