package io.streammigration.cli;

import io.streammigration.cli.endpoint.EndpointException;
import io.streammigration.cli.endpoint.EndpointRegistry;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.verify.Gate;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a plan file into a {@link Plan}, refusing anything doubtful with a {@link
 * PlanFileException} that names the line, the stage or stream and the key.
 *
 * <p>The format, line by line (UTF-8): a {@code #} at the start of a line or after a space starts
 * a comment, to the end of the line (endpoint URIs hold no spaces, so this never cuts one); blank
 * lines are ignored;
 * {@code [stage <name>]} starts a stage (stages run in file order); {@code [stream <name>]} starts a
 * stream of the stage above it; {@code key = value} sets a key of the section it is in, or of the
 * plan before the first section. Values are taken as written up to the end of the line, spaces
 * around them trimmed, with no quoting. Names are letters, digits, {@code .}, {@code _} and {@code
 * -}, each stage and stream name used once. Keys:
 *
 * <ul>
 *   <li>plan only: {@code state-dir} (required; relative to the plan file's directory);
 *   <li>plan or stage: {@code parallelism} (streams of a stage run at a time; default {@value
 *       #DEFAULT_PARALLELISM});
 *   <li>plan, stage or stream, the nearest one counting: {@code guarantee}, {@code
 *       checkpoint-every}, {@code rate}, {@code gate}, {@code max-p99}, {@code idle-timeout}, {@code
 *       kafka-config} (relative to the plan file's directory), with the meanings and defaults of
 *       {@code migrate run} and {@code migrate verify}, except that {@code gate} defaults to {@code
 *       duplicates-allowed} for an at-least-once stream;
 *   <li>stream only: {@code from} and {@code to} (required, endpoint URIs as for {@code migrate
 *       run}), {@code id} (the migration id; default the stream's name).
 * </ul>
 *
 * <p>Endpoints are only parsed here; {@link PlanCheck} resolves them.
 */
final class PlanParser {

  /** Streams of a stage that run at a time, unless {@code parallelism} says otherwise. */
  static final int DEFAULT_PARALLELISM = 4;

  private static final Set<String> PLAN_KEYS = Set.of("state-dir");
  private static final Set<String> STAGE_KEYS = Set.of("parallelism");
  private static final Set<String> INHERITED_KEYS =
      Set.of(
          "guarantee", "checkpoint-every", "rate", "gate", "max-p99", "idle-timeout", "kafka-config");
  private static final Set<String> STREAM_KEYS = Set.of("from", "to", "id");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern COMMENT = Pattern.compile("(^|\\s)#");
  private static final Pattern HEADER = Pattern.compile("\\[\\s*(\\S+)\\s+(\\S+)\\s*]");

  private final Path file;
  private final Path directory;

  private PlanParser(Path file) {
    this.file = file.toAbsolutePath().normalize();
    this.directory = this.file.getParent();
  }

  /**
   * Reads and checks {@code file}.
   *
   * @throws PlanFileException naming the line and what is wrong
   */
  static Plan parse(Path file) {
    return new PlanParser(file).read();
  }

  /** A value as written, with where it was written. */
  private record Entry(String value, int line, String where) {}

  /** The lines of one section: the plan's settings, a stage or a stream. */
  private static final class Section {
    final String kind;
    final String name;
    final int line;
    final Map<String, Entry> entries = new LinkedHashMap<>();
    final List<Section> streams = new ArrayList<>();

    Section(String kind, String name, int line) {
      this.kind = kind;
      this.name = name;
      this.line = line;
    }

    /** How messages name the section: {@code stream 'orders': }, nothing for the plan. */
    String where() {
      return kind.equals("plan") ? "" : kind + " '" + name + "': ";
    }
  }

  private Plan read() {
    Section plan = new Section("plan", "", 0);
    List<Section> stages = new ArrayList<>();
    Section current = plan;
    Map<String, Integer> names = new HashMap<>();
    List<String> lines = lines();
    for (int i = 0; i < lines.size(); i++) {
      int n = i + 1;
      String line = withoutComment(lines.get(i));
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("[")) {
        current = header(line, n, names);
        if (current.kind.equals("stage")) {
          stages.add(current);
        } else if (stages.isEmpty()) {
          throw error(n, "stream '" + current.name + "' comes before any [stage <name>]");
        } else {
          stages.get(stages.size() - 1).streams.add(current);
        }
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw error(
            n,
            "expected [stage <name>], [stream <name>], key = value or a # comment, found '"
                + line
                + "'");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      checkKey(current, key, n);
      if (value.isEmpty()) {
        throw error(n, current.where() + "'" + key + "' has no value");
      }
      Entry earlier = current.entries.put(key, new Entry(value, n, current.where()));
      if (earlier != null) {
        throw error(
            n, current.where() + "'" + key + "' is set twice (first on line " + earlier.line + ")");
      }
    }
    if (stages.isEmpty()) {
      throw error(0, "no stages: a plan needs at least one [stage <name>] with a [stream <name>]");
    }
    Entry stateDir = plan.entries.get("state-dir");
    if (stateDir == null) {
      throw error(
          0,
          "'state-dir' is required before the first section: the directory where the plan keeps"
              + " each stream's checkpoints and whether it finished");
    }
    Path state = path(stateDir, "state-dir");
    List<Plan.Stage> built = new ArrayList<>();
    for (Section stage : stages) {
      if (stage.streams.isEmpty()) {
        throw error(stage.line, "stage '" + stage.name + "' has no [stream <name>]");
      }
      int parallelism =
          (int)
              positive(
                  setting("parallelism", String.valueOf(DEFAULT_PARALLELISM), stage, plan),
                  "parallelism",
                  true);
      List<Plan.Stream> streams = new ArrayList<>();
      for (Section stream : stage.streams) {
        streams.add(stream(stream, stage, plan));
      }
      built.add(new Plan.Stage(stage.name, stage.line, parallelism, streams));
    }
    checkDistinct(built);
    return new Plan(file, state, built);
  }

  private List<String> lines() {
    try {
      return List.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString()
              .split("\r?\n", -1));
    } catch (NoSuchFileException e) {
      throw error(0, "no such plan file");
    } catch (CharacterCodingException e) {
      throw error(0, "not UTF-8 text");
    } catch (IOException e) {
      throw error(0, "cannot be read (" + e.getMessage() + ")");
    }
  }

  /** The line without its comment, stripped. */
  private static String withoutComment(String line) {
    Matcher m = COMMENT.matcher(line);
    return (m.find() ? line.substring(0, m.start()) : line).strip();
  }

  private Section header(String line, int n, Map<String, Integer> names) {
    Matcher m = HEADER.matcher(line);
    if (!m.matches()) {
      throw error(n, "expected [stage <name>] or [stream <name>], found '" + line + "'");
    }
    String kind = m.group(1);
    String name = m.group(2);
    if (!kind.equals("stage") && !kind.equals("stream")) {
      throw error(n, "unknown section [" + kind + " ...]; use [stage <name>] or [stream <name>]");
    }
    if (!NAME.matcher(name).matches()) {
      throw error(n, kind + " name '" + name + "' may hold only letters, digits, '.', '_' and '-'");
    }
    Integer earlier = names.put(kind + " " + name, n);
    if (earlier != null) {
      throw error(n, kind + " '" + name + "' is defined twice (first on line " + earlier + ")");
    }
    return new Section(kind, name, n);
  }

  private void checkKey(Section section, String key, int n) {
    Set<String> allowed =
        switch (section.kind) {
          case "plan" -> union(PLAN_KEYS, STAGE_KEYS, INHERITED_KEYS);
          case "stage" -> union(STAGE_KEYS, INHERITED_KEYS);
          default -> union(STREAM_KEYS, INHERITED_KEYS);
        };
    if (allowed.contains(key)) {
      return;
    }
    String why;
    if (STREAM_KEYS.contains(key)) {
      why = "'" + key + "' belongs in a [stream <name>] section";
    } else if (PLAN_KEYS.contains(key)) {
      why = "'" + key + "' belongs before the first section, with the plan's settings";
    } else if (STAGE_KEYS.contains(key)) {
      why = "'" + key + "' belongs before the first section or in a [stage <name>] section";
    } else {
      why = "unknown key '" + key + "'; known here: " + String.join(", ", new TreeSet<>(allowed));
    }
    throw error(n, section.where() + why);
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new TreeSet<>();
    for (Set<String> s : sets) {
      all.addAll(s);
    }
    return all;
  }

  private Plan.Stream stream(Section stream, Section stage, Section plan) {
    Entry from = stream.entries.get("from");
    Entry to = stream.entries.get("to");
    for (String required : List.of("from", "to")) {
      if (!stream.entries.containsKey(required)) {
        throw error(
            stream.line,
            stream.where() + "'" + required + "' is required (an endpoint URI, as for migrate run)");
      }
    }
    DeliveryGuarantee guarantee =
        convert(
            setting("guarantee", "exactly-once", stream, stage, plan),
            "guarantee",
            new Converters.Guarantee()::convert);
    Entry trigger = setting("checkpoint-every", null, stream, stage, plan);
    Entry rate = setting("rate", null, stream, stage, plan);
    String defaultGate =
        guarantee == DeliveryGuarantee.EXACTLY_ONCE ? "exact" : "duplicates-allowed";
    List<Gate> gates = new ArrayList<>();
    gates.add(
        convert(
            setting("gate", defaultGate, stream, stage, plan),
            "gate",
            new VerifyCommand.GateConverter()::convert));
    Entry maxP99 = setting("max-p99", null, stream, stage, plan);
    if (maxP99 != null) {
      gates.add(Gate.maxP99Latency(duration(maxP99, "max-p99")));
    }
    Entry kafkaConfig = setting("kafka-config", null, stream, stage, plan);
    Entry id = setting("id", stream.name, stream);
    return new Plan.Stream(
        stream.name,
        stream.line,
        id.value,
        uri(from, "from"),
        from.line,
        uri(to, "to"),
        to.line,
        guarantee,
        trigger == null
            ? CheckpointTrigger.everyRecords(100_000)
                .or(CheckpointTrigger.every(Duration.ofSeconds(1)))
            : convert(trigger, "checkpoint-every", new Converters.CheckpointEvery()::convert),
        rate == null
            ? OptionalDouble.empty()
            : OptionalDouble.of(positive(rate, "rate", false)),
        gates,
        duration(setting("idle-timeout", "10s", stream, stage, plan), "idle-timeout"),
        Optional.ofNullable(kafkaConfig).map(e -> readableFile(e, "kafka-config")));
  }

  /** The nearest section's entry for {@code key}, or the default (with no line), or null. */
  private static Entry setting(String key, String fallback, Section... nearestFirst) {
    for (Section s : nearestFirst) {
      Entry e = s.entries.get(key);
      if (e != null) {
        return e;
      }
    }
    return fallback == null ? null : new Entry(fallback, 0, "");
  }

  /** Each stream its own id (destinations are compared by {@link PlanCheck}, which resolves them). */
  private void checkDistinct(List<Plan.Stage> stages) {
    Map<String, Plan.Stream> ids = new HashMap<>();
    for (Plan.Stage stage : stages) {
      for (Plan.Stream s : stage.streams()) {
        Plan.Stream other = ids.put(s.id(), s);
        if (other != null) {
          throw error(
              s.line(),
              "stream '" + s.name() + "': id '" + s.id() + "' is also the id of stream '"
                  + other.name() + "'; each stream needs its own (Kafka transactional ids derive"
                  + " from it)");
        }
      }
    }
  }

  private URI uri(Entry e, String key) {
    try {
      return EndpointRegistry.parse(key, e.value);
    } catch (EndpointException ex) {
      throw error(e.line, e.where + ex.getMessage());
    }
  }

  private <T> T convert(Entry e, String key, Function<String, T> converter) {
    try {
      return converter.apply(e.value);
    } catch (TypeConversionException | IllegalArgumentException ex) {
      throw error(e.line, e.where + "'" + key + "': " + ex.getMessage());
    }
  }

  private Duration duration(Entry e, String key) {
    return convert(e, key, Durations::parse);
  }

  private double positive(Entry e, String key, boolean whole) {
    try {
      double d = whole ? Integer.parseInt(e.value) : Double.parseDouble(e.value);
      if (d > 0 && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException ex) {
      // reported below
    }
    throw error(
        e.line,
        e.where + "'" + key + "' must be a positive " + (whole ? "whole " : "") + "number, was '"
            + e.value + "'");
  }

  private Path path(Entry e, String key) {
    try {
      return directory.resolve(e.value).normalize();
    } catch (InvalidPathException ex) {
      throw error(e.line, e.where + "'" + key + "': '" + e.value + "' is not a valid path");
    }
  }

  private Path readableFile(Entry e, String key) {
    Path p = path(e, key);
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw error(e.line, e.where + "'" + key + "': " + p + ": no such readable file");
    }
    return p;
  }

  private PlanFileException error(int line, String message) {
    return new PlanFileException(file, line, message);
  }
}
