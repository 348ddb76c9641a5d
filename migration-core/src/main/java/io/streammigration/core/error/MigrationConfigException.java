package io.streammigration.core.error;

import java.util.Objects;

/**
 * An invalid configuration, raised when the configuration is built (never later, at run time).
 * The message names the setting, the value given and what is allowed.
 */
public class MigrationConfigException extends MigrationException {

  private final String setting;

  public MigrationConfigException(String setting, String message) {
    super(setting + ": " + message);
    this.setting = Objects.requireNonNull(setting, "setting");
  }

  /** The name of the offending setting, as the builder method names it. */
  public String setting() {
    return setting;
  }
}
