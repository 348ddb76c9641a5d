package io.streammigration.testkit.fault;

/** Which side of a migration an intercepted call went to. */
public enum Endpoint {
  SOURCE,
  SINK
}
