package io.streammigration.core.schema;

import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.RecordRejectedException;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.Record;
import io.streammigration.core.schema.UnknownSchemaVersionException.Problem;
import io.streammigration.core.spi.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Schema evolution while the migration runs: a {@link Transform} that reads each record's schema
 * version and applies registered {@link Upcaster}s one step at a time ({@code n} to {@code n + 1})
 * until the record is at the target version.
 *
 * <pre>{@code
 * Transform upcasting = Upcasting.builder()
 *     .versionFromHeader("schema-version")       // ASCII decimal, e.g. "2"
 *     .register(1, upcaster1to2)
 *     .register(2, upcaster2to3)
 *     .target(3)
 *     .onUnknownVersion(UnknownVersionPolicy.DEAD_LETTER)
 *     .build();
 * }</pre>
 *
 * <h2>Contract</h2>
 *
 * <ol>
 *   <li>A record already at the target version is emitted as is: the same instance, not a copy.
 *   <li>A record at version {@code v}, with {@code first <= v < target} ({@code first} being the
 *       lowest registered version), goes through the upcasters of {@code v}, {@code v + 1}, ...,
 *       {@code target - 1}, in that order. With the version in a header, the output's header is
 *       then rewritten (all headers of that name replaced by one holding the target). With the
 *       version read by a {@link VersionReader}, no header is written: the upcasters update wherever
 *       the version lives.
 *   <li>A missing or malformed version, a version below {@code first} and a version above the
 *       target are errors naming the record's partition and position: {@link
 *       UnknownSchemaVersionException} under {@link UnknownVersionPolicy#FAIL} (the default), a
 *       {@link RecordRejectedException} caused by it under {@link UnknownVersionPolicy#DEAD_LETTER}.
 *   <li>Errors thrown by an upcaster (such as its own {@code RecordRejectedException}) pass through
 *       unchanged.
 * </ol>
 *
 * <p><b>Hot path.</b> Reading the version allocates nothing and a record at the target costs one
 * header lookup; an upcast record costs what its upcasters allocate plus one header copy.
 *
 * <p>Immutable and thread-safe if its upcasters are.
 */
public final class Upcasting implements Transform {

  private final VersionReader reader;
  private final Header targetHeader;
  private final Upcaster[] steps;
  private final int first;
  private final int target;
  private final UnknownVersionPolicy policy;

  private Upcasting(Builder b, int first, Upcaster[] steps) {
    this.reader = b.reader;
    this.targetHeader = b.reader instanceof HeaderVersion h ? h.header(b.target) : null;
    this.steps = steps;
    this.first = first;
    this.target = b.target;
    this.policy = b.policy;
  }

  /** A builder; a version source and a target are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void apply(Record record, Emitter out) {
    out.emit(upcast(record));
  }

  /**
   * {@code record} brought to the target version.
   *
   * @throws UnknownSchemaVersionException under FAIL, for a version this transform cannot handle
   * @throws RecordRejectedException under DEAD_LETTER, for such a version
   */
  public Record upcast(Record record) {
    int version = reader.versionOf(record);
    if (version == target) {
      return record;
    }
    if (version < first || version > target) {
      throw unknownVersion(record, version);
    }
    Record upcast = record;
    for (int v = version; v < target; v++) {
      upcast = steps[v - first].upcast(upcast);
      if (upcast == null) {
        throw new NullPointerException(
            "upcaster from version " + v + " returned null for " + record);
      }
    }
    return targetHeader == null
        ? upcast
        : upcast.withHeaders(upcast.headers().replacing(targetHeader));
  }

  private RuntimeException unknownVersion(Record record, int version) {
    Problem problem;
    if (version == VersionReader.MISSING) {
      problem = Problem.MISSING;
    } else if (version < 0) {
      problem = Problem.MALFORMED;
    } else if (version > target) {
      problem = Problem.TOO_NEW;
    } else {
      problem = Problem.UNKNOWN;
    }
    UnknownSchemaVersionException error =
        new UnknownSchemaVersionException(
            problem,
            record.partition(),
            record.position(),
            problem == Problem.MISSING || problem == Problem.MALFORMED ? -1 : version,
            "this migration upcasts versions "
                + first
                + " to "
                + target
                + (targetHeader == null ? "" : " (header " + targetHeader.name() + ")"));
    return policy == UnknownVersionPolicy.FAIL
        ? error
        : new RecordRejectedException(record, error.reason(), error);
  }

  /** The version every output record is at. */
  public int target() {
    return target;
  }

  /** The lowest version this transform accepts (the target itself if no upcaster is registered). */
  public int firstVersion() {
    return first;
  }

  public UnknownVersionPolicy policy() {
    return policy;
  }

  @Override
  public String toString() {
    return "Upcasting{versions " + first + ".." + target + ", " + policy + "}";
  }

  /**
   * Builds an {@link Upcasting} transform. Every setting is checked by {@link #build()}, which
   * throws {@link MigrationConfigException} naming the setting. Not thread-safe.
   */
  public static final class Builder {
    private VersionReader reader;
    private String versionSetting;
    private final List<Integer> fromVersions = new ArrayList<>();
    private final List<Upcaster> upcasters = new ArrayList<>();
    private int target = -1;
    private boolean targetSet;
    private UnknownVersionPolicy policy = UnknownVersionPolicy.FAIL;

    private Builder() {}

    /**
     * Reads the version from the last header named {@code name}, as ASCII decimal digits (e.g.
     * {@code "3"}; no sign or spaces; leading zeros allowed; at most 2147483647), and writes the
     * target version there on every upcast record. A null-valued header counts as missing.
     * Exactly one of this and {@link #versionFrom} is required.
     */
    public Builder versionFromHeader(String name) {
      if (name == null || name.isEmpty()) {
        throw new MigrationConfigException(
            "versionFromHeader", "header name must be non-empty, was " + quoted(name));
      }
      return versionSource("versionFromHeader", new HeaderVersion(name));
    }

    /**
     * Reads the version with {@code reader} (for versions kept outside headers). No header is
     * written on output. Exactly one of this and {@link #versionFromHeader} is required.
     */
    public Builder versionFrom(VersionReader reader) {
      return versionSource("versionFrom", Objects.requireNonNull(reader, "reader"));
    }

    private Builder versionSource(String setting, VersionReader source) {
      if (reader != null) {
        throw new MigrationConfigException(
            setting, "the version source is already set by " + versionSetting + "; set only one");
      }
      this.reader = source;
      this.versionSetting = setting;
      return this;
    }

    /**
     * Registers the upcaster from version {@code fromVersion} to {@code fromVersion + 1}. The
     * registered versions must form one contiguous chain ending at {@code target - 1}.
     */
    public Builder register(int fromVersion, Upcaster upcaster) {
      fromVersions.add(fromVersion);
      upcasters.add(Objects.requireNonNull(upcaster, "upcaster"));
      return this;
    }

    /** The version every output record is at, 0 to 2147483647. Required. */
    public Builder target(int target) {
      this.target = target;
      this.targetSet = true;
      return this;
    }

    /** What to do with a version this transform cannot handle. Default {@link UnknownVersionPolicy#FAIL}. */
    public Builder onUnknownVersion(UnknownVersionPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Validates the settings and returns the transform.
     *
     * @throws MigrationConfigException naming the setting: no version source, no or a negative
     *     target, a registration that is negative, duplicated or at or above the target, a gap in
     *     the chain, or a chain that does not reach the target
     */
    public Upcasting build() {
      if (reader == null) {
        throw new MigrationConfigException(
            "versionFromHeader", "a version source is required: versionFromHeader or versionFrom");
      }
      if (!targetSet) {
        throw new MigrationConfigException("target", "the target version is required");
      }
      if (target < 0) {
        throw new MigrationConfigException(
            "target", "must be 0 to " + Integer.MAX_VALUE + ", was " + target);
      }
      TreeMap<Integer, Upcaster> chain = new TreeMap<>();
      for (int i = 0; i < fromVersions.size(); i++) {
        int from = fromVersions.get(i);
        if (from < 0 || from >= target) {
          throw new MigrationConfigException(
              "register",
              "fromVersion must be 0 to target - 1 (" + (target - 1) + "), was " + from);
        }
        if (chain.put(from, upcasters.get(i)) != null) {
          throw new MigrationConfigException(
              "register", "two upcasters registered from version " + from + "; register one");
        }
      }
      if (chain.isEmpty()) {
        return new Upcasting(this, target, new Upcaster[0]);
      }
      int first = chain.firstKey();
      for (int v = first; v < target; v++) {
        if (!chain.containsKey(v)) {
          boolean beyondChain = v > chain.lastKey();
          throw new MigrationConfigException(
              beyondChain ? "target" : "register",
              beyondChain
                  ? "version "
                      + target
                      + " is not reachable: upcasters end at version "
                      + (chain.lastKey() + 1)
                      + "; register upcasters from "
                      + (chain.lastKey() + 1)
                      + " to "
                      + (target - 1)
                  : "gap in the chain: no upcaster from version "
                      + v
                      + " to "
                      + (v + 1)
                      + " (registered from "
                      + chain.keySet()
                      + ")");
        }
      }
      return new Upcasting(this, first, chain.values().toArray(new Upcaster[0]));
    }

    private static String quoted(String s) {
      return s == null ? "null" : "\"" + s + "\"";
    }
  }
}
