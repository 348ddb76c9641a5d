/**
 * Schema evolution while a migration runs: {@link io.streammigration.core.schema.Upcasting}, a
 * transform that brings every record to a target schema version through a chain of versioned
 * {@link io.streammigration.core.schema.Upcaster}s, failing (or dead-lettering) clearly on a version
 * it does not know.
 */
package io.streammigration.core.schema;
