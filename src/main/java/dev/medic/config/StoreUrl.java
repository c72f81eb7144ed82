package dev.medic.config;

import java.nio.file.Path;

/**
 * Where a store lives, as the config and {@code --store} name it: {@code sqlite:PATH}. The one place
 * that reads that form.
 */
public record StoreUrl(Path path) {

  private static final String SQLITE = "sqlite:";

  /** The store when none is named. */
  public static final String DEFAULT = SQLITE + "./medic.db";

  /** @throws IllegalArgumentException naming the value, unless it is {@code sqlite:} and a path */
  public static StoreUrl parse(String url) {
    if (url == null || !url.startsWith(SQLITE) || url.substring(SQLITE.length()).isBlank()) {
      throw new IllegalArgumentException("store must be sqlite:PATH, got '" + url + "'");
    }
    return new StoreUrl(Path.of(url.substring(SQLITE.length())));
  }

  public static StoreUrl of(Path path) {
    return new StoreUrl(path);
  }

  @Override
  public String toString() {
    return SQLITE + path;
  }
}
