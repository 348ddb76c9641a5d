package io.streammigration.cli.endpoint;

import io.streammigration.kafka.ClientSettings;
import java.util.Map;
import java.util.TreeMap;

/**
 * Masks secret values before any configuration is shown (a config dump, an error message, a log
 * line). Which keys are secret is decided by one rule for the whole SDK, {@link
 * ClientSettings#isSecret} ({@code sasl.jaas.config}, and names containing {@code password},
 * {@code secret}, {@code token}, {@code credential} or {@code user.info}, and private keys), so the CLI can never
 * show a value the Kafka adapter hides.
 */
public final class Secrets {

  /** What a secret value is shown as. */
  public static final String MASK = "********";

  private Secrets() {}

  /** True if values under {@code key} must never be shown. */
  public static boolean isSecret(String key) {
    return ClientSettings.isSecret(key);
  }

  /** {@code value}, or {@link #MASK} if {@code key} is secret. */
  public static String mask(String key, String value) {
    return isSecret(key) ? MASK : value;
  }

  /** A sorted copy of {@code config} with every secret value replaced by {@link #MASK}. */
  public static Map<String, String> masked(Map<?, ?> config) {
    Map<String, String> shown = new TreeMap<>();
    config.forEach(
        (k, v) -> shown.put(String.valueOf(k), mask(String.valueOf(k), String.valueOf(v))));
    return shown;
  }
}
