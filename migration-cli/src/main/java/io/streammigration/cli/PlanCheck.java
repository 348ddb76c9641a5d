package io.streammigration.cli;

import io.streammigration.cli.endpoint.EndpointException;
import io.streammigration.cli.endpoint.EndpointOptions;
import io.streammigration.cli.endpoint.EndpointRegistry;
import io.streammigration.cli.endpoint.EndpointResolver;
import io.streammigration.core.error.MigrationConfigException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Checks a plan against its state and the endpoints, before anything runs (also for a dry run):
 *
 * <ol>
 *   <li>a stream that finished earlier must still be defined as it was (id, endpoints,
 *       guarantee); it is not run again, and its endpoints are not resolved (a source cleaned up
 *       since is no obstacle);
 *   <li>every other stream's endpoints must resolve as {@code migrate run} would resolve them:
 *       known scheme, known parameters, existing source path, consistent pair (e.g. a Kafka
 *       rename covering the source's topics);
 *   <li>its source must be bounded: a stage ends, and is verified, only when its streams end;
 *       and it must start at fixed records (not Kafka's {@code start=latest}), so that the
 *       verification reads what the run read;
 *   <li>no two streams, finished or not, may write one destination: their endpoints' {@linkplain
 *       EndpointResolver#destinationNames canonical names} must not meet, so {@code
 *       file:/data/out} and {@code file:///data/../data/out/}, or Kafka URIs differing in host case
 *       or parameter order, count as the same.
 * </ol>
 *
 * Resolving opens no connection and creates nothing. Each error is a {@link PlanFileException} at
 * the line of the key it concerns.
 */
final class PlanCheck {

  private PlanCheck() {}

  /**
   * Checks {@code plan}.
   *
   * @return the streams that finished earlier, by name, with their records
   * @throws PlanFileException at the line of the first mistake
   */
  static Map<String, PlanState.Finished> check(
      Plan plan, PlanState state, EndpointRegistry registry) {
    Map<String, PlanState.Finished> finished = new LinkedHashMap<>();
    for (Plan.Stream s : plan.streams()) {
      Optional<PlanState.Finished> done = state.finished(s);
      if (done.isPresent()) {
        Optional<String> changed = done.get().differenceFrom(s);
        if (changed.isPresent()) {
          throw new PlanFileException(
              plan.file(),
              s.line(),
              "stream '"
                  + s.name()
                  + "' finished earlier as defined then, and a finished stream is never run"
                  + " again, but its definition changed ("
                  + changed.get()
                  + "); restore it, or remove "
                  + done.get().file()
                  + " to run the stream again");
        }
        finished.put(s.name(), done.get());
      } else {
        resolves(plan, s, options(s, state), registry);
      }
    }
    distinctDestinations(plan, registry);
    return finished;
  }

  private static void distinctDestinations(Plan plan, EndpointRegistry registry) {
    Map<String, Plan.Stream> writers = new HashMap<>();
    for (Plan.Stream s : plan.streams()) {
      String where = "stream '" + s.name() + "': ";
      Set<String> names =
          at(plan, s.toLine(), where, () -> registry.resolverFor(s.to()).destinationNames(s.to()));
      for (String name : new TreeSet<>(names)) {
        Plan.Stream other = writers.putIfAbsent(name, s);
        if (other != null && other != s) {
          throw new PlanFileException(
              plan.file(),
              s.toLine(),
              where
                  + "'to' is also the destination of stream '"
                  + other.name()
                  + "' (line "
                  + other.toLine()
                  + "); two streams cannot write one (both write "
                  + name
                  + ")");
        }
      }
    }
  }

  /** What a stream's endpoints are resolved with when it runs. */
  static EndpointOptions options(Plan.Stream s, PlanState state) {
    return new EndpointOptions(
        Optional.of(state.streamDir(s)), s.kafkaConfig(), Optional.empty());
  }

  private static void resolves(
      Plan plan, Plan.Stream s, EndpointOptions options, EndpointRegistry registry) {
    String where = "stream '" + s.name() + "': ";
    EndpointResolver from = at(plan, s.fromLine(), where, () -> registry.resolverFor(s.from()));
    at(plan, s.fromLine(), where, () -> from.source(s.from(), options.withOtherEnd(s.to())));
    if (!at(plan, s.fromLine(), where, () -> from.bounded(s.from(), options.withOtherEnd(s.to())))) {
      throw new PlanFileException(
          plan.file(),
          s.fromLine(),
          where
              + "'from' reads without end ("
              + s.from()
              + "); a plan runs bounded sources only, so that each stage ends and is verified:"
              + " leave out follow=true (and Kafka scale-out)");
    }
    Optional<String> moving = at(plan, s.fromLine(), where, () -> from.movingStart(s.from()));
    if (moving.isPresent()) {
      throw new PlanFileException(
          plan.file(),
          s.fromLine(),
          where
              + "'from' starts at "
              + moving.get()
              + " ("
              + s.from()
              + "), a point that moves with time: the stage's verification could not read again"
              + " what the run read. Give the time the stream should start at instead, as in"
              + " start=2026-01-01T00:00:00Z, or leave start out to migrate everything");
    }
    EndpointResolver to = at(plan, s.toLine(), where, () -> registry.resolverFor(s.to()));
    at(
        plan,
        s.toLine(),
        where,
        () -> to.sink(s.to(), s.guarantee(), options.withOtherEnd(s.from())));
  }

  private static <T> T at(Plan plan, int line, String where, Supplier<T> step) {
    try {
      return step.get();
    } catch (EndpointException | MigrationConfigException | UsageException e) {
      throw new PlanFileException(plan.file(), line, where + e.getMessage());
    }
  }
}
