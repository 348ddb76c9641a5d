/**
 * Micrometer binding: {@link io.streammigration.micrometer.MigrationMetrics} turns a migration's
 * listener events and status into meters of a {@code MeterRegistry}.
 */
package io.streammigration.micrometer;
