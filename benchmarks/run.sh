#!/usr/bin/env bash
#
# fnhost benchmarks: each compares against a baseline in the same run. Not part of `mvn verify`
# (the build only compiles them); run them here. Figures and discussion: docs/benchmarks.md.
#
#   benchmarks/run.sh            all: load, deploy, jmh, queue
#   benchmarks/run.sh load       examples/hello vs. a plain whiteboard servlet on the same Jetty (wrk)
#   benchmarks/run.sh deploy     hot deploy: copy into deploy/ -> first 200 (and replace -> new version)
#   benchmarks/run.sh jmh        CompiledFunction.invoke vs. a direct call; RouteTable.match vs. a HashMap
#                                lookup and a linear scan at 10 / 1,000 / 10,000 routes; FunctionKeys.authorize
#                                vs. one constant-time comparison; the host.json throttle vs. an atomic
#                                counter pair (JMH)
#   benchmarks/run.sh timer      timer trigger firing lateness (p50/p99 over TIMER_FIRINGS firings of '* * * * * *')
#                                vs. a bare ScheduledExecutorService scheduling the same instants (not in 'all')
#   benchmarks/run.sh queue      queue function throughput (persistent messages, embedded Artemis) vs. plain
#                                JMS consumers on the same broker; QUEUE_MESSAGES=20000 QUEUE_ROUNDS=4
#   benchmarks/run.sh profile    diagnostic: JFR samples of the request threads under the same load
#   benchmarks/run.sh load deploy   several at once share one node
#
# Needs: the built project (`mvn -B install -DskipTests` at the root: the distribution tar.gz,
# examples/hello, itests/apps/greeter-v1/-v2), a Java 17 JDK, curl, and wrk (installed here with
# apt-get when missing). The node is the distribution unpacked into a temp dir, on free ports, started
# as a child process (bin/karaf daemon) and stopped by its PID when the script ends.
#
# Settings (environment):
#   LOAD_THREADS=1 LOAD_CONNECTIONS=16   wrk threads and connections (2 cores: wrk shares them with Karaf)
#   LOAD_WARMUP=15 LOAD_DURATION=20      seconds: warm-up per target, then per measured round
#   LOAD_ROUNDS=4                        measured rounds per target, alternating (ABBA order)
#                                        targets: hello, baseline (plain servlet), baseline-log (servlet + hello's log line)
#   DEPLOY_RUNS=20                       runs of each deploy measurement
#   TIMER_FIRINGS=200                    firings measured by the timer benchmark (one per second)
#   JMH_THREADS="1 2"                    JMH runs with these thread counts; JMH_ARGS: extra JMH options
#   JMH_ONLY=<regex>                     run only the JMH classes whose simple name matches (grep -E), e.g.
#                                        JMH_ONLY='KeyAuthorization|Throttle'; default: all
#   RESULTS=benchmarks/target/results/<timestamp>   where raw outputs and summary.txt go
#   HELLO_LOG_LEVEL=WARN                 diagnostic: turn down the log line examples/hello writes per request
#   DEPLOY_POLL=50                       diagnostic: FileInstall poll interval (ms) instead of the distribution's
#   QUIET_LOAD=1.0 QUIET_WAIT=300        wait up to QUIET_WAIT s for a 1-minute load average below QUIET_LOAD
#   KEEP_NODE=1                          keep the unpacked node directory afterwards
#   SKIP_BUILD=1                         do not (re)build the benchmarks module first
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"

LOAD_THREADS="${LOAD_THREADS:-1}"
LOAD_CONNECTIONS="${LOAD_CONNECTIONS:-16}"
LOAD_WARMUP="${LOAD_WARMUP:-15}"
LOAD_DURATION="${LOAD_DURATION:-20}"
LOAD_ROUNDS="${LOAD_ROUNDS:-4}"
DEPLOY_RUNS="${DEPLOY_RUNS:-20}"
JMH_THREADS="${JMH_THREADS:-1 2}"
JMH_ARGS="${JMH_ARGS:-}"
JMH_ONLY="${JMH_ONLY:-.}"
RESULTS="${RESULTS:-$BENCH/target/results/$(date +%Y%m%d-%H%M%S)}"
BOOT_DEADLINE=240

MODES=("$@")
[ ${#MODES[@]} -gt 0 ] || MODES=(load deploy jmh queue)
for m in "${MODES[@]}"; do
    case "$m" in load|deploy|jmh|queue|profile|timer) ;; all) MODES=(load deploy jmh queue) ;; *) echo "usage: $0 [load] [deploy] [jmh] [queue] [profile] [timer] | all" >&2; exit 2 ;; esac
done
wants() { local m; for m in "${MODES[@]}"; do [ "$m" = "$1" ] && return 0; done; return 1; }

mkdir -p "$RESULTS"
SUMMARY="$RESULTS/summary.txt"
: > "$SUMMARY"
say() { echo "$*" | tee -a "$SUMMARY"; }
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
die() { echo "benchmarks/run.sh: $*" >&2; exit 1; }

# ------------------------------------------------------------------------------------------ Java 17

java_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }
find_java17() {
    if [ -n "${JAVA_HOME:-}" ] && [ "$(java_major "$JAVA_HOME")" = 17 ]; then echo "$JAVA_HOME"; return; fi
    local c
    for c in /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/*17*; do
        if [ -x "$c/bin/java" ] && [ "$(java_major "$c")" = 17 ]; then echo "$c"; return; fi
    done
    die "no Java 17 JDK found (set JAVA_HOME); Karaf 4.4.10 does not run on Java 25"
}
JAVA_HOME="$(find_java17)"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"

# ------------------------------------------------------------------------------------------ build

if [ "${SKIP_BUILD:-}" != 1 ]; then
    log "building the benchmarks module (mvn -q -B -f benchmarks install)"
    (cd "$ROOT" && mvn -q -B -f benchmarks install) || die "building benchmarks/ failed (is the rest of the project installed? mvn -B install -DskipTests)"
fi

# prints the first of the paths that is a file; nothing (and success: callers run under set -e) when none is
first() { local f; for f in "$@"; do [ -f "$f" ] && { echo "$f"; return; }; done; return 0; }
BASELINE_JAR="$(first "$BENCH"/baseline-servlet/target/baseline-servlet-*.jar)"
JMH_JAR="$BENCH/jmh/target/benchmarks.jar"

# ------------------------------------------------------------------------------------------ the node

NODE_PID=""
NODE_HOME=""
NODE_WORK=""
USED_PORTS=""
FREE_PORT=""

free_port() { # sets FREE_PORT to a port nothing listens on, not handed out before in this run
    local p
    while :; do
        p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
        case " $USED_PORTS " in *" $p "*) continue ;; esac
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            USED_PORTS="$USED_PORTS $p"; FREE_PORT=$p; return
        fi
    done
}

set_prop() { # file key value: replace "key = ..." or append it
    local file="$NODE_HOME/$1" key="$2" value="$3"
    if grep -qE "^[[:space:]]*$key[[:space:]]*=" "$file"; then
        sed -i -E "s|^([[:space:]]*$key[[:space:]]*=).*$|\1 $value|" "$file"
    else
        printf '\n%s = %s\n' "$key" "$value" >> "$file"
    fi
}

is_our_node() { # the PID is still alive and still this node's JVM (PIDs get reused)
    [ -n "$NODE_PID" ] && kill -0 "$NODE_PID" 2>/dev/null \
        && tr '\0' ' ' < "/proc/$NODE_PID/cmdline" 2>/dev/null | grep -qF -- "$NODE_HOME"
}

stop_node() {
    if is_our_node; then
        log "stopping the node (pid $NODE_PID, SIGTERM)"
        kill -TERM "$NODE_PID" 2>/dev/null || true
        local i
        for i in $(seq 1 120); do is_our_node || break; sleep 0.5; done
        if is_our_node; then
            log "pid $NODE_PID did not stop within 60 s: SIGKILL"
            kill -KILL "$NODE_PID" 2>/dev/null || true
        fi
        wait "$NODE_PID" 2>/dev/null || true
    fi
    NODE_PID=""
    if [ -n "$NODE_WORK" ] && [ "${KEEP_NODE:-}" != 1 ]; then
        # keep the log with the results, drop the rest
        [ -f "$NODE_HOME/data/log/karaf.log" ] && cp "$NODE_HOME/data/log/karaf.log" "$RESULTS/karaf.log" || true
        rm -rf "$NODE_WORK"
    fi
    NODE_WORK=""
}
trap stop_node EXIT
trap 'exit 130' INT TERM

http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" 2>/dev/null || true; }

await_body() { # url expected-body deadline-seconds
    local url="$1" expected="$2" deadline=$(( $(date +%s) + $3 ))
    until [ "$(curl -s --max-time 5 "$url" 2>/dev/null || true)" = "$expected" ]; do
        is_our_node || die "the node exited while waiting for $url; see $NODE_HOME/data/log/karaf.log"
        [ "$(date +%s)" -lt "$deadline" ] || { tail -n 60 "$NODE_HOME/data/log/karaf.log" >&2 || true; die "$url did not answer '$expected' within $3 s"; }
        sleep 0.2
    done
}

start_node() {
    local dist
    dist="${DIST:-$(first "$ROOT"/karaf-distribution/target/fnhost-distribution-*.tar.gz)}"
    [ -n "$dist" ] && [ -f "$dist" ] || die "no distribution: build it first (mvn -B install -DskipTests at the root)"
    local hello
    hello="$(first "$ROOT"/examples/hello/target/hello-*.jar "$HOME"/.m2/repository/io/fnhost/examples/hello/*/hello-*.jar)"
    [ -n "$hello" ] || die "no examples/hello jar: build the project first"
    [ -n "$BASELINE_JAR" ] || die "no baseline servlet jar in benchmarks/baseline-servlet/target"

    NODE_WORK="$(mktemp -d "${TMPDIR:-/tmp}/fnhost-bench.XXXXXX")"
    tar -xzf "$dist" -C "$NODE_WORK"
    NODE_HOME="$(find "$NODE_WORK" -mindepth 1 -maxdepth 1 -type d | head -n 1)"

    free_port; HTTP_PORT=$FREE_PORT
    free_port; set_prop etc/org.apache.karaf.shell.cfg sshPort "$FREE_PORT"
    free_port; set_prop etc/org.apache.karaf.management.cfg rmiRegistryPort "$FREE_PORT"
    free_port; set_prop etc/org.apache.karaf.management.cfg rmiServerPort "$FREE_PORT"
    set_prop etc/org.ops4j.pax.web.cfg org.osgi.service.http.port "$HTTP_PORT"

    # diagnostics only (the figures use the distribution as built): see the settings at the top
    if [ -n "${HELLO_LOG_LEVEL:-}" ]; then
        printf '\nlog4j2.logger.benchhello.name = Function.hello\nlog4j2.logger.benchhello.level = %s\n' "$HELLO_LOG_LEVEL" \
            >> "$NODE_HOME/etc/org.ops4j.pax.logging.cfg"
        say "DIAGNOSTIC: log level of Function.hello set to $HELLO_LOG_LEVEL (etc/org.ops4j.pax.logging.cfg)"
    fi
    if [ -n "${DEPLOY_POLL:-}" ]; then
        set_prop etc/org.apache.felix.fileinstall-deploy.cfg felix.fileinstall.poll "$DEPLOY_POLL"
        say "DIAGNOSTIC: felix.fileinstall.poll set to $DEPLOY_POLL ms"
    fi

    # both contenders are deployed the same way: through deploy/ before the start
    cp "$hello" "$NODE_HOME/deploy/hello.jar"
    cp "$BASELINE_JAR" "$NODE_HOME/deploy/baseline-servlet.jar"

    log "starting $(basename "$dist") in $NODE_HOME (http $HTTP_PORT)"
    # bin/karaf daemon execs the JVM, so $! is Karaf's own PID
    (cd "$NODE_HOME" && unset JAVA_OPTS EXTRA_JAVA_OPTS && exec "$NODE_HOME/bin/karaf" daemon) \
        > "$NODE_HOME/karaf-stdout.log" 2>&1 &
    NODE_PID=$!
    local t0; t0=$(date +%s)
    HELLO_URL="http://127.0.0.1:$HTTP_PORT/api/hello?name=Ada"
    BASELINE_URL="http://127.0.0.1:$HTTP_PORT/baseline/hello?name=Ada"
    BASELINE_LOG_URL="http://127.0.0.1:$HTTP_PORT/baseline/hello-logged?name=Ada"
    sleep 1
    await_body "$HELLO_URL" "Hello, Ada" "$BOOT_DEADLINE"
    await_body "$BASELINE_URL" "Hello, Ada" 60
    await_body "$BASELINE_LOG_URL" "Hello, Ada" 60
    log "node up (pid $NODE_PID) after $(( $(date +%s) - t0 )) s: $HELLO_URL and $BASELINE_URL answer"
    NODE_DIST="$dist"
}

# ------------------------------------------------------------------------------------------ helpers

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"; exit} if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
pct() { # percentile p (nearest rank) of the numbers on stdin
    sort -g | awk -v p="$1" '{a[NR]=$1} END {if (NR==0) {print "nan"; exit} r=int((p/100)*NR+0.999999); if (r<1) r=1; if (r>NR) r=NR; print a[r]}'
}
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$NODE_PID/stat"; }
CLK_TCK="$(getconf CLK_TCK)"

machine_info() {
    say "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
    say "machine:  $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(free -g | awk '/^Mem:/ {print $2}') GB RAM, $(uname -sr)"
    say "java:     $("$JAVA" -version 2>&1 | head -n 1)"
    say "load avg before: $(cut -d' ' -f1-3 /proc/loadavg)"
    say "git:      $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && [ -n "$(git status --porcelain -- bundles 2>/dev/null)" ] && echo ' (bundles/ has uncommitted changes)' || true)"
}

# ------------------------------------------------------------------------------------------ load

ensure_wrk() {
    command -v wrk > /dev/null && return
    log "installing wrk (apt-get)"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk > /dev/null || die "cannot install wrk (apt-get install wrk)"
}

# wrk_run label url seconds -> prints the RESULT line (+ node CPU), keeps the raw output
wrk_run() {
    local label="$1" url="$2" seconds="$3" out c0 c1
    c0=$(cpu_ticks)
    out="$(wrk -t"$LOAD_THREADS" -c"$LOAD_CONNECTIONS" -d"${seconds}s" --timeout 5s -s "$BENCH/report.lua" "$url")"
    c1=$(cpu_ticks)
    echo "$out" > "$RESULTS/wrk-$label.txt"
    echo "$(grep '^RESULT' <<< "$out") node_cpu_ms=$(( (c1 - c0) * 1000 / CLK_TCK ))"
}

target_url() {
    case "$1" in
        hello) echo "$HELLO_URL" ;;
        baseline) echo "$BASELINE_URL" ;;
        baseline-log) echo "$BASELINE_LOG_URL" ;;
    esac
}

load_bench() {
    ensure_wrk
    local tsv="$RESULTS/load.tsv" targets="hello baseline baseline-log" reversed="baseline-log baseline hello"
    printf 'target\tround\trps\tp50_us\tp90_us\tp99_us\tmax_us\terrors\tnode_cpu_us_per_req\n' > "$tsv"

    local w target
    log "load: warm-up ${LOAD_WARMUP}s per target, twice"
    for w in 1 2; do
        for target in $targets; do
            wrk_run "warmup$w-$target" "$(target_url "$target")" "$LOAD_WARMUP" > /dev/null
        done
    done

    local round order line req dur errs
    for round in $(seq 1 "$LOAD_ROUNDS"); do
        # alternate: forward in odd rounds, backward in even ones (ABBA), so no target always goes first
        if [ $(( round % 2 )) = 1 ]; then order="$targets"; else order="$reversed"; fi
        for target in $order; do
            log "load: round $round/$LOAD_ROUNDS $target (${LOAD_DURATION}s, $LOAD_THREADS thread(s), $LOAD_CONNECTIONS connections)"
            line="$(wrk_run "round$round-$target" "$(target_url "$target")" "$LOAD_DURATION")"
            req=$(field requests <<< "$line"); dur=$(field duration_us <<< "$line")
            errs=$(( $(field err_connect <<< "$line") + $(field err_read <<< "$line") + $(field err_write <<< "$line") \
                   + $(field err_status <<< "$line") + $(field err_timeout <<< "$line") ))
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$round" \
                "$(awk -v r="$req" -v d="$dur" 'BEGIN {printf "%.0f", r / (d / 1e6)}')" \
                "$(field p50_us <<< "$line")" "$(field p90_us <<< "$line")" "$(field p99_us <<< "$line")" \
                "$(field max_us <<< "$line")" "$errs" \
                "$(awk -v c="$(field node_cpu_ms <<< "$line")" -v r="$req" 'BEGIN {printf "%.1f", c * 1000 / r}')" >> "$tsv"
        done
    done

    say ""
    say "== load: examples/hello vs. plain whiteboard servlet, same Jetty, same node"
    say "wrk -t$LOAD_THREADS -c$LOAD_CONNECTIONS -d${LOAD_DURATION}s --latency, $LOAD_ROUNDS rounds per target (alternating, ABBA), after 2 x ${LOAD_WARMUP}s warm-up per target"
    say "targets: hello = GET /api/hello?name=Ada (examples/hello, ANONYMOUS); baseline = GET /baseline/hello?name=Ada (plain servlet);"
    say "         baseline-log = the plain servlet plus the INFO line hello writes per request (java.util.logging -> karaf.log)"
    say "distribution: $(basename "$NODE_DIST")"
    say "per round:"
    column -t -s $'\t' "$tsv" | sed 's/^/  /' | tee -a "$SUMMARY"
    say "medians over rounds:"
    printf '  %-13s %9s %9s %9s %9s %14s %7s\n' target 'req/s' 'p50 ms' 'p90 ms' 'p99 ms' 'CPU us/req' errors | tee -a "$SUMMARY"
    for target in $targets; do
        awk -F'\t' -v t="$target" 'NR > 1 && $1 == t {print}' "$tsv" > "$RESULTS/.rows"
        printf '  %-13s %9.0f %9.3f %9.3f %9.3f %14.1f %7d\n' "$target" \
            "$(cut -f3 "$RESULTS/.rows" | median)" "$(cut -f4 "$RESULTS/.rows" | median | awk '{print $1/1000}')" \
            "$(cut -f5 "$RESULTS/.rows" | median | awk '{print $1/1000}')" "$(cut -f6 "$RESULTS/.rows" | median | awk '{print $1/1000}')" \
            "$(cut -f9 "$RESULTS/.rows" | median)" "$(awk -F'\t' '{s += $8} END {print s + 0}' "$RESULTS/.rows")" | tee -a "$SUMMARY"
        eval "M_RPS_${target//-/_}=$(cut -f3 "$RESULTS/.rows" | median)"
        eval "M_P50_${target//-/_}=$(cut -f4 "$RESULTS/.rows" | median)"
        eval "M_P99_${target//-/_}=$(cut -f6 "$RESULTS/.rows" | median)"
        eval "M_ERR_${target//-/_}=$(awk -F'\t' '{s += $8} END {print s + 0}' "$RESULTS/.rows")"
    done
    rm -f "$RESULTS/.rows"
    say "  (CPU us/req: user+system CPU time of the Karaf JVM per request, from /proc; wrk's own CPU is not in it)"
    awk -v hr="$M_RPS_hello" -v br="$M_RPS_baseline" -v lr="$M_RPS_baseline_log" \
        -v h5="$M_P50_hello" -v b5="$M_P50_baseline" -v h9="$M_P99_hello" -v b9="$M_P99_baseline" -v l9="$M_P99_baseline_log" 'BEGIN {
        t = hr / br; p = h9 / b9;
        printf "  hello/baseline throughput: %.3f  (target >= 0.9: %s)\n", t, (t >= 0.9 ? "met" : "MISSED");
        printf "  hello/baseline p50:        %.3f\n", h5 / b5;
        printf "  hello/baseline p99:        %.3f  (target <= 1.2: %s)\n", p, (p <= 1.2 ? "met" : "MISSED");
        printf "  hello/baseline-log throughput: %.3f, p99: %.3f  (same work as hello, minus fnhost)\n", hr / lr, h9 / l9;
    }' | tee -a "$SUMMARY"
    [ "$M_ERR_hello" = 0 ] && [ "$M_ERR_baseline" = 0 ] && [ "$M_ERR_baseline_log" = 0 ] \
        || say "  WARNING: errors or non-2xx answers during the load (see $RESULTS/wrk-*.txt)"
}

# ------------------------------------------------------------------------------------------ profile

# Where the request threads spend their time under the same load: JFR (settings=profile) while wrk
# drives each target, summarised by jfr-summary.awk. Diagnostic only; not part of the figures.
profile_bench() {
    ensure_wrk
    local seconds="${PROFILE_SECONDS:-20}" target jfr
    say ""
    say "== profile: JFR execution samples of the Jetty threads, wrk -t$LOAD_THREADS -c$LOAD_CONNECTIONS -d${seconds}s per target"
    for target in hello baseline-log baseline; do
        log "profile: $target"
        wrk_run "profile-warmup-$target" "$(target_url "$target")" 10 > /dev/null
        jfr="$RESULTS/profile-$target.jfr"
        "$JAVA_HOME/bin/jcmd" "$NODE_PID" JFR.start name="bench-$target" settings=profile > /dev/null
        wrk_run "profile-$target" "$(target_url "$target")" "$seconds" > /dev/null
        "$JAVA_HOME/bin/jcmd" "$NODE_PID" JFR.stop name="bench-$target" filename="$jfr" > /dev/null
        say "  $target:"
        "$JAVA_HOME/bin/jfr" print --events jdk.ExecutionSample --stack-depth 128 "$jfr" \
            | awk -f "$BENCH/jfr-summary.awk" | sed 's/^/  /' | tee -a "$SUMMARY"
    done
}

# ------------------------------------------------------------------------------------------ deploy

now_ns() { date +%s%N; }

# poll_until url expected -> prints "elapsed_ms polls" measured from T0 (set by the caller)
poll_until() {
    local url="$1" expected="$2" polls=0 body deadline=$(( $(date +%s) + 60 ))
    while :; do
        polls=$((polls + 1))
        body="$(curl -s --max-time 5 "$url" 2>/dev/null || true)"
        if [ "$body" = "$expected" ]; then
            local t1; t1=$(now_ns)
            awk -v a="$T0" -v b="$t1" -v n="$polls" 'BEGIN {printf "%.1f %d\n", (b - a) / 1e6, n}'
            return
        fi
        [ "$(date +%s)" -lt "$deadline" ] || die "$url did not answer '$expected' within 60 s"
    done
}

# Let the node settle after the last change, for a random 1-2 s: the copy then lands at a random point
# of FileInstall's poll cycle (a fixed pause would lock every run to the same phase of it).
settle() { sleep "$(awk -v r="$RANDOM" 'BEGIN {printf "%.3f", 1 + r / 32768}')"; }

deploy_bench() {
    local v1 v2
    v1="$(first "$ROOT"/itests/apps/greeter-v1/target/greeter-v1-*.jar "$HOME"/.m2/repository/io/fnhost/itests/greeter-v1/*/greeter-v1-*.jar)"
    v2="$(first "$ROOT"/itests/apps/greeter-v2/target/greeter-v2-*.jar "$HOME"/.m2/repository/io/fnhost/itests/greeter-v2/*/greeter-v2-*.jar)"
    [ -n "$v1" ] && [ -n "$v2" ] || die "no greeter-v1/-v2 test apps: build the project first (mvn -B install -DskipTests)"
    local deploy="$NODE_HOME/deploy" staging="$NODE_HOME/deploy-staging" url="http://127.0.0.1:$HTTP_PORT/api/greet/Ada"
    mkdir -p "$staging"
    local tsv="$RESULTS/deploy.tsv"
    printf 'kind\trun\tversion\tms\tpolls\n' > "$tsv"

    # (a) copy into an empty slot -> first 200. Each run: delete, wait for the 404, let the node settle,
    # then move the jar in atomically (FileInstall never sees half a file) and poll for the answer.
    log "deploy: $DEPLOY_RUNS x (delete -> 404; copy -> first 200), alternating greeter v1/v2"
    local i jar version r
    for i in $(seq 1 "$DEPLOY_RUNS"); do
        if [ $(( i % 2 )) = 1 ]; then jar="$v1"; version=v1; else jar="$v2"; version=v2; fi
        rm -f "$deploy/greeter.jar"
        local deadline=$(( $(date +%s) + 30 ))
        until [ "$(http_code "$url")" = 404 ]; do
            [ "$(date +%s)" -lt "$deadline" ] || die "greeter still answers 30 s after its jar was deleted"
            sleep 0.05
        done
        settle
        cp "$jar" "$staging/greeter.jar"
        T0=$(now_ns)
        mv "$staging/greeter.jar" "$deploy/greeter.jar"
        r="$(poll_until "$url" "$version: Hello, Ada")"
        printf 'copy\t%d\t%s\t%s\t%s\n' "$i" "$version" "${r% *}" "${r#* }" >> "$tsv"
    done

    # (b) replace the running version with the other one -> first answer from the new version
    log "deploy: $DEPLOY_RUNS x (replace greeter.jar by the other version -> first answer from it)"
    for i in $(seq 1 "$DEPLOY_RUNS"); do
        if [ $(( i % 2 )) = 1 ]; then jar="$v2"; version=v2; else jar="$v1"; version=v1; fi
        settle
        cp "$jar" "$staging/greeter.jar"
        T0=$(now_ns)
        mv "$staging/greeter.jar" "$deploy/greeter.jar"
        r="$(poll_until "$url" "$version: Hello, Ada")"
        printf 'replace\t%d\t%s\t%s\t%s\n' "$i" "$version" "${r% *}" "${r#* }" >> "$tsv"
    done
    rm -f "$deploy/greeter.jar"

    say ""
    say "== hot deploy (FileInstall poll: $(sed -n 's/^felix.fileinstall.poll[[:space:]]*=[[:space:]]*//p' "$NODE_HOME/etc/org.apache.felix.fileinstall-deploy.cfg") ms), $DEPLOY_RUNS runs each, ms from the move into deploy/ to the first right answer"
    local kind vals
    for kind in copy replace; do
        vals="$(awk -F'\t' -v k="$kind" 'NR > 1 && $1 == k {print $4}' "$tsv")"
        local polls; polls=$(awk -F'\t' -v k="$kind" 'NR > 1 && $1 == k {s += $5; t += $4} END {printf "%.1f", t / s}' "$tsv")
        say "$(printf '  %-8s median %7.1f  p90 %7.1f  max %7.1f  min %7.1f   (one curl poll every ~%s ms)' "$kind" \
            "$(median <<< "$vals")" "$(pct 90 <<< "$vals")" "$(sort -g <<< "$vals" | tail -n 1)" "$(sort -g <<< "$vals" | head -n 1)" "$polls")"
    done
    say "  (copy: target median <= 300 ms)"
    say "  all runs: $tsv"
}

# ------------------------------------------------------------------------------------------ jmh

jmh_wants() { grep -qE -- "$JMH_ONLY" <<< "$1"; }

jmh_bench() {
    [ -f "$JMH_JAR" ] || die "no $JMH_JAR (build: mvn -B -f benchmarks install)"
    local t out
    if jmh_wants InvokerBenchmark || jmh_wants InvokerPartsBenchmark; then
        say ""
        say "== JMH: CompiledFunction.invoke vs. direct call of a no-op String function (avgt, ns/op; B/op from -prof gc)"
        for t in $JMH_THREADS; do
            log "jmh: InvokerBenchmark, $t thread(s)"
            out="$RESULTS/jmh-t$t.txt"
            # shellcheck disable=SC2086
            "$JAVA" -jar "$JMH_JAR" 'InvokerBenchmark\.' -t "$t" -prof gc -rf json -rff "$RESULTS/jmh-t$t.json" $JMH_ARGS \
                > "$out" 2>&1 || { tail -n 40 "$out" >&2; die "JMH failed"; }
            say "  threads: $t"
            sed -n '/^Benchmark  /,/^$/p' "$out" | grep -E '^Benchmark|InvokerBenchmark\.[A-Za-z]+ |gc\.alloc\.rate\.norm' \
                | sed 's/^/    /' | tee -a "$SUMMARY"
            awk '
                $1 ~ /^InvokerBenchmark\.[A-Za-z]+$/ { split($1, n, "."); score[n[2]] = $4 }
                END {
                    a = score["invoke"] - score["directCall"]; b = score["invokeStatic"] - score["directCallStatic"];
                    printf "    overhead, instance method (invoke - directCall):           %.1f ns\n", a;
                    printf "    overhead, static method (invokeStatic - directCallStatic): %.1f ns\n", b;
                    m = a > b ? a : b;
                    printf "    target <= 1000 ns: %s\n", (m <= 1000 ? "met" : "MISSED");
                }' "$out" | tee -a "$SUMMARY"

            log "jmh: InvokerPartsBenchmark, $t thread(s)"
            out="$RESULTS/jmh-parts-t$t.txt"
            # shellcheck disable=SC2086
            "$JAVA" -jar "$JMH_JAR" 'InvokerPartsBenchmark\.' -t "$t" -rf json -rff "$RESULTS/jmh-parts-t$t.json" $JMH_ARGS \
                > "$out" 2>&1 || { tail -n 40 "$out" >&2; die "JMH failed"; }
            say "    the invoker's steps, rebuilt ($t thread(s)):"
            sed -n '/^Benchmark  /,/^$/p' "$out" | grep -v '^$' | sed 's/^/      /' | tee -a "$SUMMARY"
        done
    fi

    if jmh_wants RouteTableBenchmark; then
        log "jmh: RouteTableBenchmark"
        out="$RESULTS/jmh-routes.txt"
        # shellcheck disable=SC2086
        "$JAVA" -jar "$JMH_JAR" 'RouteTableBenchmark\.' -rf json -rff "$RESULTS/jmh-routes.json" $JMH_ARGS \
            > "$out" 2>&1 || { tail -n 40 "$out" >&2; die "JMH failed"; }
        say ""
        say "== JMH: RouteTable.match vs. HashMap.get of a literal path vs. a linear scan (avgt, ns/op, 1 thread)"
        sed -n '/^Benchmark  /,/^$/p' "$out" | grep -v '^$' | sed 's/^/    /' | tee -a "$SUMMARY"
    fi

    if jmh_wants KeyAuthorizationBenchmark; then
        log "jmh: KeyAuthorizationBenchmark"
        out="$RESULTS/jmh-keys.txt"
        # shellcheck disable=SC2086
        "$JAVA" -jar "$JMH_JAR" 'KeyAuthorizationBenchmark\.' -prof gc -rf json -rff "$RESULTS/jmh-keys.json" $JMH_ARGS \
            > "$out" 2>&1 || { tail -n 40 "$out" >&2; die "JMH failed"; }
        say ""
        say "== JMH: FunctionKeys.authorize per kind of presented key vs. one MessageDigest.isEqual / String.equals (avgt, ns/op, 1 thread)"
        sed -n '/^Benchmark  /,/^$/p' "$out" | grep -E '^Benchmark|KeyAuthorizationBenchmark\.[A-Za-z]+ |gc\.alloc\.rate\.norm' \
            | sed 's/^/    /' | tee -a "$SUMMARY"
    fi

    if jmh_wants ThrottleBenchmark; then
        say ""
        say "== JMH: RequestThrottle admit+tryStart+finish vs. an AtomicInteger increment/decrement pair (avgt, ns/op, one shared throttle)"
        for t in $JMH_THREADS; do
            log "jmh: ThrottleBenchmark, $t thread(s)"
            out="$RESULTS/jmh-throttle-t$t.txt"
            # shellcheck disable=SC2086
            "$JAVA" -jar "$JMH_JAR" 'ThrottleBenchmark\.' -t "$t" -rf json -rff "$RESULTS/jmh-throttle-t$t.json" $JMH_ARGS \
                > "$out" 2>&1 || { tail -n 40 "$out" >&2; die "JMH failed"; }
            say "  threads: $t"
            sed -n '/^Benchmark  /,/^$/p' "$out" | grep -v '^$' | sed 's/^/    /' | tee -a "$SUMMARY"
        done
    fi
}

# ------------------------------------------------------------------------------------------ timer

timer_bench() {
    [ -f "$JMH_JAR" ] || die "no $JMH_JAR (build: mvn -B -f benchmarks install)"
    local firings="${TIMER_FIRINGS:-200}" out="$RESULTS/timer.txt"
    say ""
    say "== timer trigger firing lateness: $firings firings of '* * * * * *', side by side with a bare ScheduledExecutorService"
    "$JAVA" -cp "$JMH_JAR" io.fnhost.timer.internal.TimerLateness "$firings" > "$out"
    sed 's/^/  /' "$out" | tee -a "$SUMMARY"
}

# ------------------------------------------------------------------------------------------ main

# Other work on the machine (a build, a test) takes cores from the benchmark: wait a while for quiet.
await_quiet() {
    local limit="${QUIET_LOAD:-1.0}" deadline=$(( $(date +%s) + ${QUIET_WAIT:-300} )) load
    while :; do
        load="$(cut -d' ' -f1 /proc/loadavg)"
        awk -v l="$load" -v m="$limit" 'BEGIN {exit !(l < m)}' && return
        if [ "$(date +%s)" -ge "$deadline" ]; then
            say "WARNING: load average still $load (> $limit) after waiting ${QUIET_WAIT:-300}s: other work competes for the cores"
            return
        fi
        log "waiting for a quiet machine before $1 (load average $load, want < $limit)"
        sleep 10
    done
}

machine_info
if wants load || wants deploy || wants profile; then
    await_quiet "the node start"
    start_node
    wants load && load_bench
    wants profile && profile_bench
    wants deploy && deploy_bench
    stop_node
fi
if wants jmh; then
    await_quiet "JMH"
    jmh_bench
fi
if wants timer; then
    await_quiet "the timer benchmark"
    timer_bench
fi
if wants queue; then
    await_quiet "queue"
    say ""
    say "== queue: no-op queue function vs. plain JMS consumers, same embedded broker (QueueThroughputBenchmark)"
    # Artemis' audit loggers would log every message (the distribution's feature turns them down too)
    "$JAVA" -Xms512m -Xmx512m -Dorg.slf4j.simpleLogger.log.org.apache.activemq.audit=warn \
        -cp "$BENCH/jmh/target/benchmarks.jar" io.fnhost.queue.internal.QueueThroughputBenchmark \
        "${QUEUE_MESSAGES:-20000}" "${QUEUE_ROUNDS:-4}" 2>"$RESULTS/queue.log" | tee -a "$SUMMARY"
fi
say ""
say "load avg after: $(cut -d' ' -f1-3 /proc/loadavg)"
say "results: $RESULTS"
