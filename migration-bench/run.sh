#!/usr/bin/env bash
# Builds benchmarks.jar and runs a benchmark profile, then writes results/results.md.
#
#   migration-bench/run.sh [quick|full] [extra JMH arguments...]
#
# quick: one fork, short iterations; a few minutes on 2 cores. For development and the README.
# full:  more forks and longer iterations; the figures to quote. Expect about an hour.
# Extra arguments go to JMH after the profile's own, e.g. a benchmark regex to run a subset.
set -euo pipefail

profile="${1:-quick}"
shift || true
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
results="$here/results"
mkdir -p "$results"

case "$profile" in
  quick) jmh_args=(-f 1 -wi 1 -i 3 -w 1s -r 1s); latency_seconds=3 ;;
  full)  jmh_args=(-f 3 -wi 3 -i 5 -w 3s -r 5s); latency_seconds=30 ;;
  *) echo "usage: $0 [quick|full] [JMH arguments...]" >&2; exit 2 ;;
esac

cd "$root"
# Never 'install': ~/.m2 is shared, and the benchmarks need nothing from it but dependencies.
mvn -B -q -pl migration-bench -am -DskipTests package
# MirrorMaker 2's own class path (connect-mirror 4.3.1), resolved apart from ours, for KafkaRun.
mvn -B -q -f "$here/mirrormaker/pom.xml" dependency:build-classpath

jar="$here/target/benchmarks.jar"
json="$results/jmh-$profile.json"
# -prof gc: allocation per operation (per record for the engine and guard benchmarks).
java -jar "$jar" "${jmh_args[@]}" -prof gc -rf json -rff "$json" "$@" | tee "$results/jmh-$profile.log"

java -cp "$jar" io.streammigration.bench.ResultsTable "$json" "$results/results.md" "$profile" > /dev/null
# Latency at half the maximum rate (HdrHistogram); appends its own section to results.md.
java -Xms1g -Xmx1g -cp "$jar" io.streammigration.bench.LatencyRun "$results/results.md" "$latency_seconds" 2> "$results/latency.log"

# File to file (package bench.file): latency at half the maximum rate, both guarantees and formats
# (paced seconds per case), then a long migration in a child JVM with -Xmx256m (GiB of records).
case "$profile" in
  quick) file_latency_seconds=3; memory_gib=1 ;;
  full)  file_latency_seconds=30; memory_gib=8 ;;
esac
java -Xms1g -Xmx1g -cp "$jar" io.streammigration.bench.file.FileLatencyRun "$results/results.md" "$file_latency_seconds" 2> "$results/file-latency.log"
java -cp "$jar" io.streammigration.bench.file.MemoryBoundRun "$results/results.md" "$memory_gib" 2> "$results/memory-bound.log"
echo "wrote $results/results.md"

# Kafka to Kafka on the in-JVM broker: our engine, a raw loop and MirrorMaker 2 (in a child JVM),
# then latency at half our maximum rate; appends two sections. quick: about 2.5 minutes. Its
# MirrorMaker 2 logs and settings go to results/kafka/. BENCH_KAFKA=0 skips it.
if [ "${BENCH_KAFKA:-1}" != 0 ]; then
  java -Xms2g -Xmx2g -cp "$jar" io.streammigration.bench.kafka.KafkaRun "$results/results.md" "$profile" \
    "$here/target/mirrormaker.classpath" 2> "$results/kafka.log"
  echo "appended the Kafka sections to $results/results.md"
fi
