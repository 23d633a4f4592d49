#!/bin/bash
# Warm start to healthy, A/B, on one data directory that has started before (binaries unpacked and stamped, cluster,
# demo data): for each run, jar A then jar B, each launched as StartupBenchmark launches it (demo mode, -XX:TieredStopAtLevel=1,
# PropertiesLauncher with the sandbox on loader.path), polled every 50 ms on /actuator/health until UP; prints the wall
# time, the JVM's CPU time (user+sys from /proc/PID/stat) at that moment and the 1-minute load average before the start.
# Usage: warm-start-ab.sh DATA_DIR RUNS SANDBOX_PATH JAR_A JAR_B
set -u
DATA=$1; RUNS=$2; SANDBOX=$3; shift 3
TICK=$(getconf CLK_TCK)
for run in $(seq 1 "$RUNS"); do
  for jar in "$@"; do
    port=$(( 20000 + RANDOM % 30000 ))
    load=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date +%s%N)
    ESM_DATA_DIR=$DATA SERVER_PORT=$port ESM_DEMO=true ESM_DEMO_PASSWORD=benchmark-demo-password \
      java -XX:TieredStopAtLevel=1 -Dloader.path="$SANDBOX" -cp "$jar" \
      org.springframework.boot.loader.launch.PropertiesLauncher > "$DATA/../ab-$(basename "$jar")-$run.log" 2>&1 &
    pid=$!
    while true; do
      if ! kill -0 $pid 2>/dev/null; then echo "run $run $jar: exited"; break; fi
      if curl -s -m 2 "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; then
        now=$(date +%s%N)
        read -r utime stime < <(sed 's/.*) //' /proc/$pid/stat | awk '{print $12, $13}')
        awk -v r="$run" -v j="$(basename "$jar")" -v w="$(( (now - start) / 1000000 ))" -v c="$(( utime + stime ))" \
          -v t="$TICK" -v l="$load" 'BEGIN { printf "run %s %s: warm start %.2f s, JVM CPU %.2f s, load average %s\n", r, j, w/1000, c/t, l }'
        break
      fi
      sleep 0.05
    done
    kill $pid 2>/dev/null; wait $pid 2>/dev/null
  done
done
