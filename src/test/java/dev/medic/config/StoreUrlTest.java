package dev.medic.config;

import dev.medic.config.StoreUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The store's address as the config and --store give it, read in one place. */
class StoreUrlTest {

  @Test
  void sqliteAndAPathNameTheStoreFile() {
    assertThat(StoreUrl.parse("sqlite:/var/lib/medic/medic.db").path()).isEqualTo(Path.of("/var/lib/medic/medic.db"));
    assertThat(StoreUrl.parse(StoreUrl.DEFAULT).path()).isEqualTo(Path.of("./medic.db"));
    assertThat(StoreUrl.of(Path.of("/tmp/m.db"))).hasToString("sqlite:/tmp/m.db");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite:", "sqlite:  ", "postgres://db/medic", "./medic.db"})
  void anythingElseIsRefusedNamingTheValue(String url) {
    assertThatThrownBy(() -> StoreUrl.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("store must be sqlite:PATH, got '" + url + "'");
  }
}
