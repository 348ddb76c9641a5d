package io.streammigration.cli;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.verify.Gate;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A phased migration of several streams, as read from a plan file by {@link PlanParser}: stages in
 * order, each with the streams it migrates, every setting resolved (defaults and inherited values
 * filled in). Immutable.
 *
 * @param file the plan file, absolute
 * @param stateDir where the plan keeps each stream's checkpoints and completion record, absolute
 * @param stages the stages, in the order they run; at least one, each with at least one stream
 */
record Plan(Path file, Path stateDir, List<Plan.Stage> stages) {

  Plan {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(stateDir, "stateDir");
    stages = List.copyOf(stages);
  }

  /** {@code n} and the noun, singular or plural: {@code 1 stream}, {@code 3 streams}. */
  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** {@code 3 streams in 2 stages}. */
  String size() {
    return count(streams().size(), "stream") + " in " + count(stages.size(), "stage");
  }

  /** Every stream of every stage, in plan order. */
  List<Stream> streams() {
    return stages.stream().flatMap(s -> s.streams().stream()).toList();
  }

  /**
   * One stage: its streams run together (at most {@code parallelism} at a time) and the next stage
   * starts only when every one of them ran to its end and passed its gates.
   *
   * @param name unique in the plan
   * @param line the line of its {@code [stage ...]} header
   * @param parallelism how many of its streams run at a time, at least 1
   * @param streams its streams, in file order
   */
  record Stage(String name, int line, int parallelism, List<Stream> streams) {
    Stage {
      Objects.requireNonNull(name, "name");
      streams = List.copyOf(streams);
    }
  }

  /**
   * One stream: a {@code migrate run} from {@code from} to {@code to}, then a verification by its
   * gates.
   *
   * @param name unique in the plan; names its state directory
   * @param line the line of its {@code [stream ...]} header
   * @param id the migration id (the Kafka transactional id is derived from it)
   * @param from the source endpoint, bounded
   * @param fromLine the line {@code from} was given on
   * @param to the destination endpoint
   * @param toLine the line {@code to} was given on
   * @param guarantee the delivery guarantee
   * @param checkpointEvery when to checkpoint
   * @param rate records per second to throttle to, if any
   * @param gates what verification requires
   * @param idleTimeout how long verification waits on a side that delivers nothing
   * @param kafkaConfig Kafka client properties, if any (never read here: may hold secrets)
   */
  record Stream(
      String name,
      int line,
      String id,
      URI from,
      int fromLine,
      URI to,
      int toLine,
      DeliveryGuarantee guarantee,
      CheckpointTrigger checkpointEvery,
      OptionalDouble rate,
      List<Gate> gates,
      Duration idleTimeout,
      Optional<Path> kafkaConfig) {

    Stream {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(guarantee, "guarantee");
      Objects.requireNonNull(checkpointEvery, "checkpointEvery");
      Objects.requireNonNull(rate, "rate");
      gates = List.copyOf(gates);
      Objects.requireNonNull(idleTimeout, "idleTimeout");
      Objects.requireNonNull(kafkaConfig, "kafkaConfig");
    }

    /** {@code exactly-once} or {@code at-least-once}, as written in plan files. */
    String guaranteeName() {
      return guarantee == DeliveryGuarantee.EXACTLY_ONCE ? "exactly-once" : "at-least-once";
    }
  }
}
