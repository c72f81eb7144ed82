package dev.medic.api;

import io.javalin.config.JavalinConfig;
import java.util.List;

/**
 * A part of the API that brings its own routes (history, the dashboard, access tokens). The
 * server registers each module's routes behind {@link Access}, and lists them in the OpenAPI
 * document.
 */
public interface ApiModule {

  List<Route> routes();

  /** For what is not a plain route: static assets, a WebSocket. Guard anything it adds yourself. */
  default void configure(JavalinConfig config, Access access) {}
}
