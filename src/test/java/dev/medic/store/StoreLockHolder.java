package dev.medic.store;

import java.nio.file.Path;

/** A second process for {@link StoreLockTest}: takes the store's lock, says so, holds it until killed. */
public final class StoreLockHolder {

  private StoreLockHolder() {}

  public static void main(String[] args) throws Exception {
    try (StoreLock lock = StoreLock.acquire(Path.of(args[0]))) {
      System.out.println("locked " + lock.file());
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE); // the test ends this process; the kernel then releases the lock
    }
  }
}
