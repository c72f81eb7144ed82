package dev.medic.http;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/**
 * HTTP(S) endpoints: the {@code http} check and the {@code http} action (a call to a URL). Both
 * speak through {@link PlainHttp}, medic's own HTTP/1.1 client, for {@code http://} and {@code
 * https://} alike: a check keeps its connection, an action opens one per call.
 */
public final class HttpPlugin implements Plugin {

  @Override
  public String name() {
    return "http";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.check("http", HttpCheck.class, HttpCheck::create);
    kinds.action("http", HttpAction.class);
  }
}
