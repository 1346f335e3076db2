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
#   benchmarks/run.sh swap       load on greeter while it is published 10 times (v2/v1 alternately) and rolled
#                                back 10 times: failed requests, p99 in the swap windows vs. steady state
#   benchmarks/run.sh publish    publish -> first 200 (fresh app, and replacing the other version) vs. the
#                                deploy/ folder copy, interleaved in the same run
#   benchmarks/run.sh soak       1,000 publish/delete cycles: live classes, Metaspace, greeter class copies
#                                after forced GCs at a baseline and after 100, 500 and 1,000 cycles
#   benchmarks/run.sh cluster    1 management + 2 worker nodes (and a standalone baseline node), see cluster.sh:
#                                publish -> running on both workers vs. a standalone node; /api through the
#                                gateway vs. directly on a worker (wrk); queue drain with 1 vs. 2 workers (not in 'all')
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
#   MAVEN_REPO_LOCAL=<dir>               the local Maven repository to build with and take artifacts from
#                                        (default ~/.m2/repository)
#   SWAP_UPDATES=10 SWAP_ROLLBACKS=10    changes in the swap run; SWAP_CONNECTIONS=8 load clients;
#   SWAP_WARMUP=15 SWAP_GAP=3 SWAP_TAIL=1   seconds: warm-up, steady load before each change, and how long
#                                        after a change's answer its swap window lasts
#   PUBLISH_RUNS=20                      runs of each publish / deploy-folder measurement
#   SOAK_CYCLES=1000 SOAK_WARMUP=200     publish/delete cycles, after warm-up cycles before the baseline
#   SOAK_CHECKPOINTS="100 500"           cycles after which the class figures are taken (and after the last)
#   CLUSTER_PUBLISH_RUNS=10              cluster: timed publishes on the cluster and on the standalone node
#   CLUSTER_LOAD_ROUNDS=3                cluster: wrk rounds per target (gateway, direct; LOAD_* for the rest)
#   CLUSTER_QUEUE_MESSAGES=5000 CLUSTER_QUEUE_ROUNDS=3    cluster: messages per drain (enqueued untimed through the
#                                        admin API, one commit each), rounds of (1, 2 workers)
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
M2_REPO="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
SWAP_UPDATES="${SWAP_UPDATES:-10}"
SWAP_ROLLBACKS="${SWAP_ROLLBACKS:-10}"
SWAP_CONNECTIONS="${SWAP_CONNECTIONS:-8}"
SWAP_WARMUP="${SWAP_WARMUP:-15}"
SWAP_GAP="${SWAP_GAP:-3}"
SWAP_TAIL="${SWAP_TAIL:-1}"
PUBLISH_RUNS="${PUBLISH_RUNS:-20}"
SOAK_CYCLES="${SOAK_CYCLES:-1000}"
SOAK_WARMUP="${SOAK_WARMUP:-200}"
SOAK_CHECKPOINTS="${SOAK_CHECKPOINTS:-100 500}"
BOOT_DEADLINE=240

MODES=("$@")
[ ${#MODES[@]} -gt 0 ] || MODES=(load deploy jmh queue)
for m in "${MODES[@]}"; do
    case "$m" in load|deploy|jmh|queue|profile|timer|swap|publish|soak|cluster) ;; all) MODES=(load deploy jmh queue) ;;
        *) echo "usage: $0 [load] [deploy] [jmh] [queue] [profile] [timer] [swap] [publish] [soak] [cluster] | all" >&2; exit 2 ;; esac
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
    log "building the benchmarks module (mvn -q -B -f benchmarks install${MAVEN_REPO_LOCAL:+, repository $MAVEN_REPO_LOCAL})"
    (cd "$ROOT" && mvn -q -B ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local="$MAVEN_REPO_LOCAL"} -f benchmarks install) || die "building benchmarks/ failed (is the rest of the project installed? mvn -B install -DskipTests)"
fi

# prints the first of the paths that is a file; nothing (and success: callers run under set -e) when none is
first() { local f; for f in "$@"; do [ -f "$f" ] && { echo "$f"; return; }; done; return 0; }
BASELINE_JAR="$(first "$BENCH"/baseline-servlet/target/baseline-servlet-*.jar)"
JMH_JAR="$BENCH/jmh/target/benchmarks.jar"
SWAP_LOAD_JAR="$BENCH/swap-load/target/swap-load.jar"

# ------------------------------------------------------------------------------------------ the node

NODE_PID=""
NODE_HOME=""
NODE_WORK=""
USED_PORTS=""
FREE_PORT=""
# The node's master key (FNHOST_MASTER_KEY, as itests' KarafNode sets it), new for every run: the
# publish modes need it. curl reads it from a header file, never from its command line; never printed.
MASTER_KEY="bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
ADMIN_HEADERS=""

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
    hello="$(first "$ROOT"/examples/hello/target/hello-*.jar "$M2_REPO"/io/fnhost/examples/hello/*/hello-*.jar)"
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
    ADMIN_HEADERS="$NODE_WORK/admin-headers"
    (umask 077 && printf 'x-functions-key: %s\n' "$MASTER_KEY" > "$ADMIN_HEADERS")
    (cd "$NODE_HOME" && unset JAVA_OPTS EXTRA_JAVA_OPTS && export FNHOST_MASTER_KEY="$MASTER_KEY" \
        && exec "$NODE_HOME/bin/karaf" daemon) \
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

# sets GREETER_V1 and GREETER_V2: itests/apps/greeter-v1/-v2 (same app and symbolic name, versions
# 1.0.0 and 2.0.0, answering "v1: Hello, Ada" / "v2: Hello, Ada" at GREETER_URL)
find_greeters() {
    GREETER_V1="$(first "$ROOT"/itests/apps/greeter-v1/target/greeter-v1-*.jar "$M2_REPO"/io/fnhost/itests/greeter-v1/*/greeter-v1-*.jar)"
    GREETER_V2="$(first "$ROOT"/itests/apps/greeter-v2/target/greeter-v2-*.jar "$M2_REPO"/io/fnhost/itests/greeter-v2/*/greeter-v2-*.jar)"
    [ -n "$GREETER_V1" ] && [ -n "$GREETER_V2" ] || die "no greeter-v1/-v2 test apps: build the project first (mvn -B install -DskipTests)"
    GREETER_URL="http://127.0.0.1:$HTTP_PORT/api/greet/Ada"
}

await_greeter_gone() {
    local deadline=$(( $(date +%s) + 30 ))
    until [ "$(http_code "$GREETER_URL")" = 404 ]; do
        [ "$(date +%s)" -lt "$deadline" ] || die "greeter still answers 30 s after it was removed"
        sleep 0.05
    done
}

# copy_run jar version -> prints "ms polls": greeter.jar out of deploy/ (-> 404), settle, then the jar moved
# in atomically (FileInstall never sees half a file) and polled for its answer
copy_run() {
    local deploy="$NODE_HOME/deploy" staging="$NODE_HOME/deploy-staging"
    mkdir -p "$staging"
    rm -f "$deploy/greeter.jar"
    await_greeter_gone
    settle
    cp "$1" "$staging/greeter.jar"
    T0=$(now_ns)
    mv "$staging/greeter.jar" "$deploy/greeter.jar"
    poll_until "$GREETER_URL" "$2: Hello, Ada"
}

deploy_bench() {
    find_greeters
    local v1="$GREETER_V1" v2="$GREETER_V2"
    local deploy="$NODE_HOME/deploy" staging="$NODE_HOME/deploy-staging" url="$GREETER_URL"
    mkdir -p "$staging"
    local tsv="$RESULTS/deploy.tsv"
    printf 'kind\trun\tversion\tms\tpolls\n' > "$tsv"

    # (a) copy into an empty slot -> first 200. Each run: delete, wait for the 404, let the node settle,
    # then move the jar in and poll for the answer.
    log "deploy: $DEPLOY_RUNS x (delete -> 404; copy -> first 200), alternating greeter v1/v2"
    local i jar version r
    for i in $(seq 1 "$DEPLOY_RUNS"); do
        if [ $(( i % 2 )) = 1 ]; then jar="$v1"; version=v1; else jar="$v2"; version=v2; fi
        r="$(copy_run "$jar" "$version")"
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

# ------------------------------------------------------------------------------------------ publish endpoint

# admin method path [curl options] -> prints the HTTP status; the answer's body goes to $RESULTS/admin-answer.json.
# The master key comes from the header file (see MASTER_KEY), so it shows in no command line or log.
admin() {
    local method="$1" path="$2"; shift 2
    curl -s -o "$RESULTS/admin-answer.json" -w '%{http_code}' --max-time 120 -X "$method" -H "@$ADMIN_HEADERS" \
        "$@" "http://127.0.0.1:$HTTP_PORT$path" 2>/dev/null || true
}
publish_jar() { admin POST /admin/apps -H 'Content-Type: application/java-archive' --data-binary "@$1"; }
admin_answer() { head -c 400 "$RESULTS/admin-answer.json"; }

# No greeter through either door: its jar out of deploy/, the published app deleted, its URL 404, and the
# node no longer knowing the app (else a publish could still meet the deploy folder's app: 409).
remove_greeter() {
    rm -f "$NODE_HOME/deploy/greeter.jar"
    local code; code="$(admin DELETE /admin/apps/greeter)"
    case "$code" in 204|404|409) ;; *) die "DELETE /admin/apps/greeter answered $code: $(admin_answer)" ;; esac
    await_greeter_gone
    local deadline=$(( $(date +%s) + 30 ))
    until [ "$(admin GET /admin/apps/greeter)" = 404 ]; do
        [ "$(date +%s)" -lt "$deadline" ] || die "the node still knows app greeter 30 s after it was removed: $(admin_answer)"
        sleep 0.05
    done
}

# publish_run jar version -> prints "ms polls": from the start of the POST to the first answer of that version
publish_run() {
    settle
    T0=$(now_ns)
    local code; code="$(publish_jar "$1")"
    case "$code" in 200|201) ;; *) die "publishing $(basename "$1") answered $code: $(admin_answer)" ;; esac
    poll_until "$GREETER_URL" "$2: Hello, Ada"
}

publish_bench() {
    find_greeters
    local tsv="$RESULTS/publish.tsv" i jar version kind order r
    printf 'kind\trun\tversion\tms\tpolls\n' > "$tsv"

    # (a) a fresh app each run, through the endpoint and through deploy/ (the baseline), interleaved:
    # odd runs copy first, even ones publish first (ABBA). Both start from "no greeter anywhere".
    log "publish: $PUBLISH_RUNS x (remove greeter; publish -> first 200) and (remove; copy into deploy/ -> first 200)"
    for i in $(seq 1 "$PUBLISH_RUNS"); do
        if [ $(( i % 2 )) = 1 ]; then jar="$GREETER_V1"; version=v1; order="copy publish"
        else jar="$GREETER_V2"; version=v2; order="publish copy"; fi
        for kind in $order; do
            remove_greeter
            if [ "$kind" = copy ]; then r="$(copy_run "$jar" "$version")"; else r="$(publish_run "$jar" "$version")"; fi
            printf '%s\t%d\t%s\t%s\t%s\n' "$kind" "$i" "$version" "${r% *}" "${r#* }" >> "$tsv"
        done
    done

    # (b) replace the running published version by the other one (each a real change, never the same bytes)
    log "publish: $PUBLISH_RUNS x (publish the other greeter version -> first answer from it)"
    remove_greeter
    [ "$(publish_jar "$GREETER_V1")" = 201 ] || die "publishing greeter v1 answered: $(admin_answer)"
    for i in $(seq 1 "$PUBLISH_RUNS"); do
        if [ $(( i % 2 )) = 1 ]; then jar="$GREETER_V2"; version=v2; else jar="$GREETER_V1"; version=v1; fi
        r="$(publish_run "$jar" "$version")"
        printf 'publish-replace\t%d\t%s\t%s\t%s\n' "$i" "$version" "${r% *}" "${r#* }" >> "$tsv"
    done
    remove_greeter

    say ""
    say "== publish -> first 200: ms from the start of POST /admin/apps (curl, raw jar) to the first right answer,"
    say "   vs. the deploy/ folder copy (FileInstall poll: $(sed -n 's/^felix.fileinstall.poll[[:space:]]*=[[:space:]]*//p' "$NODE_HOME/etc/org.apache.felix.fileinstall-deploy.cfg") ms), $PUBLISH_RUNS runs each, greeter v1/v2 alternating"
    local vals
    for kind in publish copy publish-replace; do
        vals="$(awk -F'\t' -v k="$kind" 'NR > 1 && $1 == k {print $4}' "$tsv")"
        say "$(printf '  %-16s median %7.1f  p90 %7.1f  max %7.1f  min %7.1f' "$kind" \
            "$(median <<< "$vals")" "$(pct 90 <<< "$vals")" "$(sort -g <<< "$vals" | tail -n 1)" "$(sort -g <<< "$vals" | head -n 1)")"
        eval "M_PUB_${kind//-/_}=$(median <<< "$vals")"
    done
    say "  publish: a fresh app (deleted before each run), interleaved with copy (removed before each run), ABBA"
    say "  publish-replace: the other version published over the running one (compare: deploy mode's replace)"
    awk -v p="$M_PUB_publish" -v r="$M_PUB_publish_replace" -v c="$M_PUB_copy" 'BEGIN {
        printf "  publish/copy median: %.2f; target median <= 300 ms: publish %s, publish-replace %s\n", p / c,
            (p <= 300 ? "met" : "MISSED"), (r <= 300 ? "met" : "MISSED") }' | tee -a "$SUMMARY"
    say "  all runs: $tsv"
}

swap_bench() {
    find_greeters
    [ -f "$SWAP_LOAD_JAR" ] || die "no $SWAP_LOAD_JAR (build: mvn -B -f benchmarks install)"
    remove_greeter
    local out="$RESULTS/swap.txt"
    log "swap: $SWAP_CONNECTIONS clients on greeter; $SWAP_UPDATES publishes, $SWAP_ROLLBACKS rollbacks, ${SWAP_GAP}s apart"
    FNHOST_MASTER_KEY="$MASTER_KEY" "$JAVA" -jar "$SWAP_LOAD_JAR" --base "http://127.0.0.1:$HTTP_PORT/" \
        --path api/greet/Ada --app greeter --v1 "$GREETER_V1" --v1-body "v1: Hello, Ada" \
        --v2 "$GREETER_V2" --v2-body "v2: Hello, Ada" --updates "$SWAP_UPDATES" --rollbacks "$SWAP_ROLLBACKS" \
        --connections "$SWAP_CONNECTIONS" --warmup "$SWAP_WARMUP" --gap "$SWAP_GAP" --tail "$SWAP_TAIL" \
        > "$out" 2>&1 || { tail -n 30 "$out" >&2; die "the swap load client failed (see $out)"; }
    remove_greeter
    local line; line="$(grep '^RESULT' "$out")" || die "no RESULT line in $out"

    say ""
    say "== swap: greeter under load while published $SWAP_UPDATES x (v2/v1 alternately) and rolled back $SWAP_ROLLBACKS x (?version=, alternately)"
    say "   load: benchmarks/swap-load, $SWAP_CONNECTIONS closed-loop clients (java.net.http, HTTP/1.1 keep-alive), GET /api/greet/Ada;"
    say "   ${SWAP_WARMUP}s warm-up, ${SWAP_GAP}s of steady load before each change and after the last; swap window = admin call + ${SWAP_TAIL}s"
    grep -E '^(PHASE|FAILURE)' "$out" | sed 's/^/  /' | tee -a "$SUMMARY"
    local f; for f in steady_failures swap_failures steady_stale swap_stale steady_p99_us swap_p99_us changes changes_failed change_median_ms change_max_ms; do
        eval "S_$f=$(field "$f" <<< "$line")"
    done
    awk -v sf="$S_steady_failures" -v wf="$S_swap_failures" -v ss="$S_steady_stale" -v ws="$S_swap_stale" \
        -v s9="$S_steady_p99_us" -v w9="$S_swap_p99_us" -v n="$S_changes" -v nf="$S_changes_failed" \
        -v cm="$S_change_median_ms" -v cx="$S_change_max_ms" 'BEGIN {
        r = s9 > 0 ? w9 / s9 : 0;
        printf "  changes: %d (%d refused or failed), admin call median %.0f ms, max %.0f ms\n", n, nf, cm, cx;
        printf "  failed requests (non-2xx, socket errors, timeouts, unknown bodies): %d in swap windows, %d steady  (target 0: %s)\n",
            wf, sf, (wf + sf == 0 && nf == 0 ? "met" : "MISSED");
        printf "  stale answers (the old version after a change answered): %d\n", ss + ws;
        printf "  p99 swap / steady: %.2f ms / %.2f ms = %.2f  (target <= 2: %s)\n", w9 / 1000, s9 / 1000, r, (r <= 2 ? "met" : "MISSED");
    }' | tee -a "$SUMMARY"
    say "  per change: $out"
}

# class_figures cycles -> one row of soak.tsv, after two forced full GCs (G1 unloads classes in a full GC):
# live classes and class loaders and used Metaspace (VM.metaspace), Felix bundle class loaders, copies of
# the greeter's main class still loaded (VM.class_hierarchy: one line per copy), heap used
class_figures() {
    local jcmd="$JAVA_HOME/bin/jcmd" meta
    "$jcmd" "$NODE_PID" GC.run > /dev/null
    "$jcmd" "$NODE_PID" GC.run > /dev/null
    # kept per checkpoint: which loader's Metaspace grew, should the totals
    meta="$("$jcmd" "$NODE_PID" VM.metaspace show-loaders | tee "$RESULTS/soak-metaspace-$1.txt")"
    local loaders classes used
    loaders="$(sed -n 's/^Total Usage - \([0-9]*\) loaders, \([0-9]*\) classes.*/\1/p' <<< "$meta")"
    classes="$(sed -n 's/^Total Usage - \([0-9]*\) loaders, \([0-9]*\) classes.*/\2/p' <<< "$meta")"
    used="$(awk -f "$BENCH/metaspace-by-loader.awk" <<< "$meta" | sed -n 's/^TOTAL\t//p')"
    local bundle_loaders greeters heap
    bundle_loaders="$("$jcmd" "$NODE_PID" VM.classloader_stats | grep -c 'BundleClassLoader' || true)"
    greeters="$(greeter_copies)"
    heap="$("$jcmd" "$NODE_PID" GC.heap_info | sed -n 's/.*total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -n 1)"
    printf '%s\t%s\t%s\t%.0f\t%s\t%s\t%s\n' "$1" "$classes" "$loaders" "$used" "$bundle_loaders" "$greeters" "$heap" \
        >> "$RESULTS/soak.tsv"
}

# copies of greeter's main class loaded in the node (VM.class_hierarchy: one "|--Name/loader" line per copy)
greeter_copies() {
    "$JAVA_HOME/bin/jcmd" "$NODE_PID" VM.class_hierarchy | grep -c 'io\.fnhost\.itests\.greeter\.Greeter/' || true
}

# one publish / first answer / delete cycle of greeter v1
soak_cycle() {
    local code
    code="$(publish_jar "$GREETER_V1")"
    [ "$code" = 201 ] || die "soak cycle $1: publishing answered $code: $(admin_answer)"
    [ "$(curl -s --max-time 5 "$GREETER_URL" || true)" = "v1: Hello, Ada" ] || die "soak cycle $1: greeter does not answer after the publish"
    code="$(admin DELETE /admin/apps/greeter)"
    [ "$code" = 204 ] || die "soak cycle $1: DELETE answered $code: $(admin_answer)"
}

soak_bench() {
    find_greeters
    remove_greeter
    local tsv="$RESULTS/soak.tsv" i checkpoints t0
    printf 'cycles\tclasses\tloaders\tmetaspace_used_kb\tbundle_loaders\tgreeter_copies\theap_used_kb\n' > "$tsv"
    checkpoints=" $(for i in $SOAK_CHECKPOINTS; do [ "$i" -lt "$SOAK_CYCLES" ] && printf '%s ' "$i"; done)$SOAK_CYCLES "
    log "soak: $SOAK_WARMUP warm-up cycles, then the baseline"
    for i in $(seq 1 "$SOAK_WARMUP"); do soak_cycle "warm-up $i"; done
    # the probe must see greeter while it runs, or its 0 afterwards would prove nothing; after a full GC
    # only the running copy is left (the warm-up's deleted ones are unloaded)
    local probe
    [ "$(publish_jar "$GREETER_V1")" = 201 ] || die "soak probe: publishing answered: $(admin_answer)"
    "$JAVA_HOME/bin/jcmd" "$NODE_PID" GC.run > /dev/null
    probe="$(greeter_copies)"
    remove_greeter
    [ "$probe" -ge 1 ] || die "soak probe: no io.fnhost.itests.greeter.Greeter in jcmd VM.class_hierarchy while greeter runs"
    class_figures 0
    t0=$(date +%s)
    log "soak: $SOAK_CYCLES publish/delete cycles, figures after${checkpoints% }"
    for i in $(seq 1 "$SOAK_CYCLES"); do
        soak_cycle "$i"
        case "$checkpoints" in *" $i "*) class_figures "$i"; log "soak: $i cycles ($(( $(date +%s) - t0 )) s)" ;; esac
    done
    local seconds=$(( $(date +%s) - t0 ))

    say ""
    say "== soak: $SOAK_CYCLES x (POST /admin/apps greeter v1 -> GET answers -> DELETE) after $SOAK_WARMUP warm-up cycles, ${seconds}s"
    say "   figures after two forced full GCs (jcmd GC.run); 'greeter copies': loaded io.fnhost.itests.greeter.Greeter classes"
    say "   (probe before the baseline: $probe copy(ies) after a full GC while greeter was published; 1 expected)"
    column -t -s $'\t' "$tsv" | sed 's/^/  /' | tee -a "$SUMMARY"
    awk -F'\t' 'NR == 2 {c0 = $2; l0 = $3; m0 = $4; b0 = $5; n = 0; m = $4} NR > 2 {pn = n; pm = m; c = $2; l = $3; m = $4; b = $5; n = $1; g += $6}
        END {
            printf "  after %d cycles vs. baseline: classes %+d, class loaders %+d, metaspace used %+.0f KB, bundle class loaders %+d;\n",
                n, c - c0, l - l0, m - m0, b - b0;
            printf "  greeter copies alive, summed over the checkpoints: %d\n", g;
            # A leaking cycle keeps its bundle class loader and the greeter classes (greeter copies > 0), or
            # at least something per cycle: growth of 1 class or loader per 10 cycles or more is a leak.
            # A few classes once (reflection accessors, lambda forms the JIT makes on the way) are not.
            # Metaspace: a retained bundle class loader costs at least ~3 KB (what a one-class bundle takes), so
            # growth of 1 KB per cycle or more between the last two checkpoints is a leak; earlier growth
            # that levels off is the long-lived code warming up (see the breakdown below).
            # Judged over 200 cycles or more only: shorter stretches still show the JIT warming up.
            mrate = (n > pn) ? (m - pm) / (n - pn) : 0;
            judged = (n - pn >= 200);
            printf "  metaspace used between the last two checkpoints (%d -> %d cycles): %+.0f KB, %.2f KB per cycle%s\n",
                pn, n, m - pm, mrate, judged ? "" : " (not judged: fewer than 200 cycles apart)";
            leak = (g > 0 || b > b0 || (judged && mrate >= 1) || (n >= 100 && ((c - c0) * 10 >= n || (l - l0) * 10 >= n)));
            printf "  class-loader leak: %s\n", leak ? "SUSPECTED: see soak.tsv, then jcmd GC.class_histogram / a heap dump" \
                : (judged && n >= 100 ? "none (met)" : "none seen, but too few cycles to judge the totals");
        }' "$tsv" | tee -a "$SUMMARY"
    # where Metaspace changed between the baseline and the last checkpoint, by kind of class loader: growth
    # in the long-lived loaders (method profiles, resolved constant pools) is warm-up; a leak shows as
    # more bundle class loaders and classes, or keeps growing from checkpoint to checkpoint
    local last; last="$(tail -n 1 "$tsv" | cut -f1)"
    say "  Metaspace used by kind of class loader, baseline -> $last cycles (KB, changes above 10 KB):"
    join -t $'\t' <(awk -f "$BENCH/metaspace-by-loader.awk" "$RESULTS/soak-metaspace-0.txt" | sort) \
        <(awk -f "$BENCH/metaspace-by-loader.awk" "$RESULTS/soak-metaspace-$last.txt" | sort) \
        | awk -F'\t' '$1 != "TOTAL" && ($3 - $2 > 10 || $2 - $3 > 10) {printf "    %+9.1f  %-66s %9.1f -> %9.1f\n", $3 - $2, $1, $2, $3}' \
        | sort -gr | tee -a "$SUMMARY"
    say "  all checkpoints: $tsv (raw: soak-metaspace-<cycles>.txt)"
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

# ------------------------------------------------------------------------------------------ cluster

# shellcheck source=benchmarks/cluster.sh
. "$BENCH/cluster.sh"

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
if wants load || wants deploy || wants profile || wants swap || wants publish || wants soak; then
    await_quiet "the node start"
    start_node
    wants load && load_bench
    wants profile && profile_bench
    wants deploy && deploy_bench
    wants publish && publish_bench
    wants swap && swap_bench
    wants soak && soak_bench
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
if wants cluster; then
    await_quiet "the cluster"
    cluster_bench
fi
say ""
say "load avg after: $(cut -d' ' -f1-3 /proc/loadavg)"
say "results: $RESULTS"
