package io.streammigration.kafka;

import io.streammigration.core.error.MigrationConfigException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka client settings (consumer, producer or admin properties), passed to the client unchanged,
 * with a {@link #toString()} that never shows a secret.
 *
 * <p>Everything a user sets reaches the client as given: security protocol, SASL, SSL, timeouts,
 * anything. The adapters add only the settings their guarantees need (for example {@code
 * enable.idempotence}) and say so in their Javadoc.
 *
 * <p><b>Secrets.</b> A setting is secret when its name is {@code sasl.jaas.config} or contains
 * {@code password}, {@code secret}, {@code token}, {@code credential} or {@code user.info} (the
 * Schema Registry basic-auth form), or is an SSL key. {@link #toString()} and {@link #describe()}
 * show such values as {@value #HIDDEN}; this is the only form in which the adapters log or report
 * settings.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientSettings {

  /** What a secret value is replaced with wherever settings are shown. */
  public static final String HIDDEN = "[hidden]";

  private static final ClientSettings NONE = new ClientSettings(Map.of());

  private final Map<String, Object> settings;

  private ClientSettings(Map<String, Object> settings) {
    this.settings = Collections.unmodifiableMap(new HashMap<>(settings));
  }

  /** No settings. */
  public static ClientSettings none() {
    return NONE;
  }

  /**
   * The given settings, copied.
   *
   * @throws MigrationConfigException naming {@code clientSettings} if a name or value is null
   */
  public static ClientSettings of(Map<String, ?> settings) {
    Objects.requireNonNull(settings, "settings");
    Map<String, Object> copy = new HashMap<>();
    settings.forEach(
        (name, value) -> {
          if (name == null || value == null) {
            throw new MigrationConfigException(
                "clientSettings", "null setting name or value (for " + (name == null ? "a null name" : name) + ")");
          }
          copy.put(name, value);
        });
    return new ClientSettings(copy);
  }

  /** A copy with {@code name} set to {@code value} (replacing any earlier value). */
  public ClientSettings with(String name, Object value) {
    Map<String, Object> copy = new HashMap<>(settings);
    copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new ClientSettings(copy);
  }

  /** The settings as given, unmodifiable. Contains secrets: never log this map. */
  public Map<String, Object> asMap() {
    return settings;
  }

  /** The value of {@code name} as a string, or null if unset. */
  public String get(String name) {
    Object value = settings.get(name);
    return value == null ? null : value.toString();
  }

  /**
   * The principal the client authenticates as, where the settings tell without revealing a
   * secret: {@code User:<name>} for the {@code username} of a SASL login (PLAIN, SCRAM). Empty
   * otherwise (TLS certificates, OAuth tokens, no authentication).
   */
  Optional<String> principal() {
    String jaas = get("sasl.jaas.config");
    if (jaas == null) {
      return Optional.empty();
    }
    Matcher username = USERNAME.matcher(jaas);
    return username.find() ? Optional.of("User:" + username.group(1)) : Optional.empty();
  }

  private static final Pattern USERNAME = Pattern.compile("\\busername\\s*=\\s*\"([^\"]*)\"");

  /** True if {@code name} is a setting whose value must never be shown. */
  public static boolean isSecret(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("sasl.jaas.config")
        || n.contains("password")
        || n.contains("secret")
        || n.contains("token")
        || n.contains("credential")
        || n.contains("user.info")
        || n.startsWith("ssl.keystore.key")
        || n.equals("ssl.key.password");
  }

  /** The settings, sorted by name, with secret values replaced by {@value #HIDDEN}. */
  public Map<String, String> describe() {
    Map<String, String> shown = new TreeMap<>();
    settings.forEach((name, value) -> shown.put(name, isSecret(name) ? HIDDEN : String.valueOf(value)));
    return shown;
  }

  /** The settings with secret values hidden; safe to log. */
  @Override
  public String toString() {
    return describe().toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientSettings other && settings.equals(other.settings);
  }

  @Override
  public int hashCode() {
    return settings.hashCode();
  }
}
