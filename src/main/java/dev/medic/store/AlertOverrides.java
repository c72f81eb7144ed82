package dev.medic.store;

import java.util.List;
import java.util.Optional;

/** The detection overrides people made through the API; each write commits on return. */
public interface AlertOverrides {

  /** By target name. */
  List<AlertOverride> list();

  Optional<AlertOverride> get(String target);

  /** Stores the override whole, replacing the target's earlier one. */
  void put(AlertOverride override);

  /** @return whether there was one to drop */
  boolean delete(String target);
}
