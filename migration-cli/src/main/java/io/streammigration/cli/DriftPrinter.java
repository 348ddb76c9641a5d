package io.streammigration.cli;

import io.streammigration.core.verify.Drift;
import io.streammigration.core.verify.DriftListener;
import io.streammigration.core.verify.RecordSummary;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * Prints each drift a following verification finds as one line, as it is found: text ({@code
 * drift MISSING partition orders-0: <record summary>}) or a JSON object ({@code {"drift":
 * "MISSING","partition":"orders-0","record":{...}}}). A large loss would be one line per missing
 * record, so at most {@code limit} drifts are printed, then one line saying the rest are only
 * counted in the final report. Called on the verifying thread only.
 */
final class DriftPrinter implements DriftListener {

  private final PrintWriter out;
  private final boolean json;
  private final long limit;
  private long printed;

  DriftPrinter(PrintWriter out, boolean json, long limit) {
    this.out = Objects.requireNonNull(out, "out");
    this.json = json;
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
    this.limit = limit;
  }

  @Override
  public void onDrift(Drift drift) {
    if (printed > limit) {
      return;
    }
    if (printed == limit) {
      out.println(
          json
              ? "{\"driftLinesLimit\":" + limit + "}"
              : "drift: "
                  + limit
                  + " printed; further drifts are only counted in the final report");
    } else {
      out.println(json ? json(drift) : text(drift));
    }
    printed++;
    // Each line as it is found: someone (or something) is watching.
    out.flush();
  }

  static String text(Drift drift) {
    return "drift "
        + drift.kind()
        + " partition "
        + drift.partition().name()
        + ": "
        + drift.record();
  }

  static String json(Drift drift) {
    RecordSummary r = drift.record();
    return "{\"drift\":"
        + Json.string(drift.kind().name())
        + ",\"partition\":"
        + Json.string(drift.partition().name())
        + ",\"record\":{\"partition\":"
        + Json.string(r.partition().name())
        + ",\"position\":"
        + Json.string(r.position().toString())
        + ",\"timestamp\":"
        + r.timestamp()
        + ",\"keySize\":"
        + r.keySize()
        + ",\"valueSize\":"
        + r.valueSize()
        + ",\"headerCount\":"
        + r.headerCount()
        + ",\"keyPrefix\":"
        + Json.string(r.keyPrefix())
        + ",\"valuePrefix\":"
        + Json.string(r.valuePrefix())
        + "}}";
  }
}
