package io.streammigration.cli.endpoint;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Masks secret values before any configuration is shown (a config dump, an error message, a log
 * line). A key is secret when it contains {@code password}, {@code secret}, {@code token} or is
 * {@code sasl.jaas.config} (which embeds credentials), ignoring case: the Kafka client's naming,
 * which the Kafka resolver will reuse.
 */
public final class Secrets {

  /** What a secret value is shown as. */
  public static final String MASK = "********";

  private static final Pattern SECRET_KEY =
      Pattern.compile(".*(password|secret|token).*|sasl\\.jaas\\.config");

  private Secrets() {}

  /** True if values under {@code key} must never be shown. */
  public static boolean isSecret(String key) {
    return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
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
