/**
 * Failure on demand: {@link io.streammigration.testkit.fault.FaultInjection} makes chosen SPI
 * calls throw (retriable or fatal, before or after the adapter saw them), and {@link
 * io.streammigration.testkit.fault.CrashSwitch} kills a simulated process at a named {@link
 * io.streammigration.testkit.fault.ProtocolStep}, cutting off every later call. Both wrap adapters
 * with core's interceptors, so a wrapped transactional sink stays transactional.
 */
package io.streammigration.testkit.fault;
