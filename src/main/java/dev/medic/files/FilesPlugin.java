package dev.medic.files;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** Host housekeeping remedies: old files deleted or compressed, runaway processes ended by name. */
public final class FilesPlugin implements Plugin {

  @Override
  public String name() {
    return "files";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.action("delete_old_files", DeleteOldFilesAction.class);
    kinds.action("compress_old_files", CompressOldFilesAction.class);
    kinds.action("kill_process", KillProcessAction.class);
  }
}
