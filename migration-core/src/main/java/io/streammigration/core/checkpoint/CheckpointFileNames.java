package io.streammigration.core.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@link FileCheckpointStore} names its files. Ids are zero-padded to 20 digits, enough for
 * any {@code long}, so a directory listing sorted by name is sorted by id.
 */
final class CheckpointFileNames {

  private static final Pattern CHECKPOINT = Pattern.compile("checkpoint-(\\d{20})\\.ckpt");
  private static final Pattern TEMP = Pattern.compile("checkpoint-\\d{20}\\.ckpt\\.tmp");

  private CheckpointFileNames() {}

  /** {@code checkpoint-00000000000000000042.ckpt} for id 42. */
  static String checkpoint(long id) {
    return String.format("checkpoint-%020d.ckpt", id);
  }

  /** Where a save writes before its atomic rename; never read. */
  static String temp(long id) {
    return checkpoint(id) + ".tmp";
  }

  static boolean isTemp(Path file) {
    return TEMP.matcher(file.getFileName().toString()).matches();
  }

  /** The id a checkpoint file's name carries; empty for any other file. */
  static OptionalLong idOf(Path file) {
    Matcher m = CHECKPOINT.matcher(file.getFileName().toString());
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(m.group(1)));
    } catch (NumberFormatException beyondLong) {
      // Twenty digits can exceed a long; no store wrote such a name, so it is not a checkpoint.
      return OptionalLong.empty();
    }
  }

  /**
   * A free name to set {@code file} aside under: {@code <name>.discarded}, or {@code
   * <name>.<n>.discarded} when the same id was discarded before, so earlier evidence survives.
   */
  static Path discarded(Path file) {
    Path aside = file.resolveSibling(file.getFileName() + ".discarded");
    for (int n = 1; Files.exists(aside); n++) {
      aside = file.resolveSibling(file.getFileName() + "." + n + ".discarded");
    }
    return aside;
  }
}
