# shellcheck shell=bash
#
# benchmarks/run.sh cluster: one management and two worker nodes from the built distribution, on loopback,
# plus a standalone node for the publish baseline. Sourced by run.sh, whose helpers it uses (say, log, die,
# first, free_port, median, pct, field, ensure_wrk, MASTER_KEY, RESULTS, JAVA, ...). Three measurements:
#
#   1. publish -> running on both workers: POST /admin/apps (greeter v1/v2 alternately) until
#      GET /admin/apps/greeter shows both workers RUNNING the new SHA-256 (and until both answer it);
#      baseline in the same run: the same publishes to a standalone node until it answers
#   2. gateway vs. direct: wrk on /api/hello through the management node's gateway vs. on one worker,
#      same connections and duration, ABBA rounds; the throughput ratio. Twice: with every process on
#      every core, and pinned (taskset) so the management node and wrk share half the cores and the two
#      workers have the other half, as if the gateway ran on a machine of its own
#   3. queue drain with 1 vs. 2 workers: N messages on the management node's broker, a no-op queue
#      function (benchmarks/cluster-app) placed on 1 or 2 workers, time until the queue is empty
#
# Nodes are started with bin/karaf daemon as children of this script and stopped by their PIDs. Their ports
# go both into the environment (FNHOST_HTTP_PORT, ...) and into the etc/ files (as itests' KarafNode does),
# so the same script works whichever of the two the distribution reads.

CLUSTER_PUBLISH_RUNS="${CLUSTER_PUBLISH_RUNS:-10}"
CLUSTER_LOAD_ROUNDS="${CLUSTER_LOAD_ROUNDS:-3}"
CLUSTER_QUEUE_MESSAGES="${CLUSTER_QUEUE_MESSAGES:-5000}"
CLUSTER_QUEUE_ROUNDS="${CLUSTER_QUEUE_ROUNDS:-3}"
CLUSTER_LOAD_JAR="$BENCH/cluster-load/target/cluster-load.jar"
# 1: start the workers with the management broker's url (and the client options fnhost-cluster's
# WorkerBrokerConnection would write) already in etc/io.fnhost.core.NodeServices.cfg, as an operator may,
# so no worker rewrites that configuration at runtime (see docs/benchmarks.md, Cluster, for why)
CLUSTER_PRESET_BROKER="${CLUSTER_PRESET_BROKER:-0}"
CLUSTER_BROKER_OPTIONS="connectionTTL=5000&clientFailureCheckPeriod=1000&reconnectAttempts=-1&retryInterval=500"

declare -A C_PID=() C_HOME=() C_HTTP=() C_CLUSTER=() C_BROKER=()
C_NODES=()
C_WORK=""

c_is_ours() { # name: its PID is alive and still that node's JVM (PIDs get reused)
    local pid="${C_PID[$1]:-}"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null \
        && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "${C_HOME[$1]}"
}

c_set_prop() { # name file key value
    local file="${C_HOME[$1]}/$2" key="$3" value="$4"
    if grep -qE "^[[:space:]]*$key[[:space:]]*=" "$file"; then
        sed -i -E "s|^([[:space:]]*$key[[:space:]]*=).*$|\1 $value|" "$file"
    else
        printf '\n%s = %s\n' "$key" "$value" >> "$file"
    fi
}

# c_start name role cluster-members [default queue connection]: unpacks a node, gives it free ports,
# starts it (not waiting)
c_start() {
    local name="$1" role="$2" members="$3" storage="${4:-}" dir
    dir="$C_WORK/$name"
    mkdir -p "$dir"
    tar -xzf "$CLUSTER_DIST" -C "$dir"
    C_HOME[$name]="$(find "$dir" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
    local http ssh rmi_registry rmi_server cluster broker
    free_port; http=$FREE_PORT
    free_port; ssh=$FREE_PORT
    free_port; rmi_registry=$FREE_PORT
    free_port; rmi_server=$FREE_PORT
    free_port; cluster=$FREE_PORT
    free_port; broker=$FREE_PORT
    C_HTTP[$name]=$http
    C_CLUSTER[$name]=$cluster
    c_set_prop "$name" etc/org.ops4j.pax.web.cfg org.osgi.service.http.port "$http"
    c_set_prop "$name" etc/org.apache.karaf.shell.cfg sshPort "$ssh"
    c_set_prop "$name" etc/org.apache.karaf.management.cfg rmiRegistryPort "$rmi_registry"
    c_set_prop "$name" etc/org.apache.karaf.management.cfg rmiServerPort "$rmi_server"
    # the embedded broker's acceptor (default 61616; only nodes with the management role run one)
    [ -f "${C_HOME[$name]}/etc/io.fnhost.queue.EmbeddedBroker.cfg" ] \
        || printf 'port = %s\n' "$broker" > "${C_HOME[$name]}/etc/io.fnhost.queue.EmbeddedBroker.cfg"
    C_BROKER[$name]="$(sed -n 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' "${C_HOME[$name]}/etc/io.fnhost.queue.EmbeddedBroker.cfg")"
    [ -z "$storage" ] || printf 'embeddedStorageConnection = %s\n' "$storage" > "${C_HOME[$name]}/etc/io.fnhost.core.NodeServices.cfg"
    [ -n "$members" ] || members="127.0.0.1:$cluster"

    log "cluster: starting $name ($role, http $http, cluster port $cluster, members $members)"
    (cd "${C_HOME[$name]}" && unset JAVA_OPTS EXTRA_JAVA_OPTS && export FNHOST_MASTER_KEY="$MASTER_KEY" \
        FNHOST_ROLE="$role" FNHOST_NODE_NAME="$name" FNHOST_HTTP_PORT="$http" FNHOST_SSH_PORT="$ssh" \
        FNHOST_RMI_REGISTRY_PORT="$rmi_registry" FNHOST_RMI_SERVER_PORT="$rmi_server" \
        FNHOST_CLUSTER_PORT="$cluster" FNHOST_CLUSTER_MEMBERS="$members" \
        && exec "${C_HOME[$name]}/bin/karaf" daemon) > "${C_HOME[$name]}/karaf-stdout.log" 2>&1 &
    C_PID[$name]=$!
    C_NODES+=("$name")
}

# c_await_ready name: every bundle active (the WebConsole's bundles.json, as itests' KarafNode checks)
c_await_ready() {
    local name="$1" deadline=$(( $(date +%s) + BOOT_DEADLINE )) url answer
    url="http://127.0.0.1:${C_HTTP[$1]}/system/console/bundles.json"
    while :; do
        c_is_ours "$name" || die "node $name exited while starting; see ${C_HOME[$name]}/data/log/karaf.log"
        answer="$(curl -s --max-time 5 -u admin:admin "$url" 2>/dev/null || true)"
        if [ -n "$answer" ] && jq -e '([.data[] | select((.fragment // false) | not) | select(.state != "Active")] | length == 0)
                and ([.data[].symbolicName] | index("io.fnhost.core") != null)' <<< "$answer" > /dev/null 2>&1; then
            return
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            tail -n 60 "${C_HOME[$name]}/data/log/karaf.log" >&2 || true
            die "node $name: not every bundle active within $BOOT_DEADLINE s ($url)"
        fi
        sleep 0.5
    done
}

# c_admin node method path [curl options] -> the HTTP status; the body goes to $RESULTS/admin-answer.json
c_admin() {
    local node="$1" method="$2" path="$3"; shift 3
    curl -s -o "$RESULTS/admin-answer.json" -w '%{http_code}' --max-time 120 -X "$method" -H "@$ADMIN_HEADERS" \
        "$@" "http://127.0.0.1:${C_HTTP[$node]}$path" 2>/dev/null || true
}

# c_publish node jar: POST /admin/apps, 200/201 or die
c_publish() {
    local code; code="$(c_admin "$1" POST /admin/apps -H 'Content-Type: application/java-archive' --data-binary "@$2")"
    case "$code" in 200|201) ;; *) die "publishing $(basename "$2") to $1 answered $code: $(head -c 400 "$RESULTS/admin-answer.json")" ;; esac
}

# c_await_body url expected seconds
c_await_body() {
    local deadline=$(( $(date +%s) + $3 ))
    until [ "$(curl -s --max-time 5 "$1" 2>/dev/null || true)" = "$2" ]; do
        [ "$(date +%s)" -lt "$deadline" ] || die "$1 did not answer '$2' within $3 s"
        sleep 0.2
    done
}

# c_await_members management worker...: GET /admin/nodes on the management node lists every worker UP
c_await_members() {
    local mgmt="$1"; shift
    local deadline=$(( $(date +%s) + 120 )) code w missing
    while :; do
        code="$(c_admin "$mgmt" GET /admin/nodes)"
        missing=""
        for w in "$@"; do
            if [ "$code" != 200 ] || ! jq -e --arg n "$w" \
                '[.. | objects | select(.name? == $n and ((.state? // "UP") == "UP"))] | length > 0' \
                "$RESULTS/admin-answer.json" > /dev/null 2>&1; then
                missing="$missing $w"
            fi
        done
        [ -z "$missing" ] && return
        if [ "$(date +%s)" -ge "$deadline" ]; then
            die "the management node $mgmt does not list$missing as UP members within 120 s (GET /admin/nodes: $code $(head -c 400 "$RESULTS/admin-answer.json")); is the cluster in this build?"
        fi
        sleep 0.5
    done
}

c_stop() { # name: SIGTERM, SIGKILL after 60 s; keeps its karaf.log with the results
    local name="$1" pid="${C_PID[$1]:-}" i
    if c_is_ours "$name"; then
        log "cluster: stopping $name (pid $pid, SIGTERM)"
        kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 1 120); do c_is_ours "$name" || break; sleep 0.5; done
        if c_is_ours "$name"; then
            log "cluster: pid $pid ($name) did not stop within 60 s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    fi
    C_PID[$name]=""
    [ -f "${C_HOME[$name]:-/nonexistent}/data/log/karaf.log" ] && cp "${C_HOME[$name]}/data/log/karaf.log" "$RESULTS/karaf-$name.log" || true
}

c_stop_all() {
    # the workers before the management node they connect to (the last one started first)
    local i
    for (( i = ${#C_NODES[@]} - 1; i >= 0; i-- )); do c_stop "${C_NODES[$i]}"; done
    C_NODES=()
    if [ -n "$C_WORK" ] && [ "${KEEP_NODE:-}" != 1 ]; then rm -rf "$C_WORK"; fi
    C_WORK=""
}

c_cpu_ms() { # name -> user+system CPU ms of its JVM so far
    awk -v t="$CLK_TCK" '{printf "%d", ($14 + $15) * 1000 / t}' "/proc/${C_PID[$1]}/stat"
}

c_cluster_load() { # converge|drain options...: the Java client, master key from the environment
    FNHOST_MASTER_KEY="$MASTER_KEY" "$JAVA" -jar "$CLUSTER_LOAD_JAR" "$@"
}

# ------------------------------------------------------------------------------- 1. publish -> running

# c_converge label out options...: runs the converge client, keeps its output, prints its RESULT line
c_converge() {
    local label="$1" out="$2"; shift 2
    log "cluster: publish -> running, $label: $CLUSTER_PUBLISH_RUNS runs"
    c_cluster_load converge --app greeter --v1 "$GREETER_V1" --v1-body "v1: Hello, Ada" \
        --v2 "$GREETER_V2" --v2-body "v2: Hello, Ada" --runs "$CLUSTER_PUBLISH_RUNS" "$@" > "$out" 2>&1 \
        || { tail -n 30 "$out" >&2; die "the converge client failed ($label, see $out)"; }
    grep '^RESULT' "$out" || die "no RESULT line in $out"
}

# ------------------------------------------------------------------------------- 2. gateway vs. direct

# c_wrk label url seconds -> "RESULT ... cpu_mgmt_ms= cpu_w1_ms= cpu_w2_ms=", raw output kept; wrk runs on
# the cores in C_WRK_CPUS
c_wrk() {
    local label="$1" url="$2" seconds="$3" out m0 a0 b0
    m0=$(c_cpu_ms mgmt); a0=$(c_cpu_ms w1); b0=$(c_cpu_ms w2)
    out="$(taskset -c "$C_WRK_CPUS" wrk -t"$LOAD_THREADS" -c"$LOAD_CONNECTIONS" -d"${seconds}s" --timeout 5s -s "$BENCH/report.lua" "$url")"
    echo "$out" > "$RESULTS/cluster-wrk-$label.txt"
    echo "$(grep '^RESULT' <<< "$out") cpu_mgmt_ms=$(( $(c_cpu_ms mgmt) - m0 )) cpu_w1_ms=$(( $(c_cpu_ms w1) - a0 )) cpu_w2_ms=$(( $(c_cpu_ms w2) - b0 ))"
}

c_pin() { # name cpu-list: every thread of the node's JVM (threads it starts later inherit it)
    taskset -a -p -c "$2" "${C_PID[$1]}" > /dev/null || die "cannot pin $1 (pid ${C_PID[$1]}) to cores $2"
}

# c_layout shared|pinned: where the JVMs and wrk run. shared: every core for everyone (one machine).
# pinned: the cores split in two halves, the management node and wrk on the first, both workers on the
# second, as with the gateway on a machine of its own: the workers get the same cores whether they are
# called directly or through the gateway, and the gateway's cost is paid from the load generator's half.
c_layout() {
    local all="0-$(( $(nproc) - 1 ))" half=$(( $(nproc) / 2 ))
    if [ "$1" = pinned ]; then
        C_WRK_CPUS="0-$(( half - 1 ))"
        c_pin mgmt "$C_WRK_CPUS"
        c_pin w1 "$half-$(( $(nproc) - 1 ))"
        c_pin w2 "$half-$(( $(nproc) - 1 ))"
    else
        C_WRK_CPUS="$all"
        c_pin mgmt "$all"; c_pin w1 "$all"; c_pin w2 "$all"
    fi
}

# c_gateway_load layout: warm-up, then ABBA rounds of gateway and direct; rows go to cluster-load.tsv
c_gateway_load() {
    local layout="$1"
    local gateway="http://127.0.0.1:${C_HTTP[mgmt]}/api/hello?name=Ada" direct="http://127.0.0.1:${C_HTTP[w1]}/api/hello?name=Ada"
    local tsv="$RESULTS/cluster-load.tsv" round order target url line req dur errs w
    [ -f "$tsv" ] || printf 'layout\ttarget\tround\trps\tp50_us\tp99_us\terrors\tcpu_mgmt_ms\tcpu_w1_ms\tcpu_w2_ms\n' > "$tsv"
    c_layout "$layout"
    log "cluster: load ($layout cores) warm-up ${LOAD_WARMUP}s per target, twice"
    for w in 1 2; do
        c_wrk "$layout-warmup$w-gateway" "$gateway" "$LOAD_WARMUP" > /dev/null
        c_wrk "$layout-warmup$w-direct" "$direct" "$LOAD_WARMUP" > /dev/null
    done
    for round in $(seq 1 "$CLUSTER_LOAD_ROUNDS"); do
        if [ $(( round % 2 )) = 1 ]; then order="gateway direct"; else order="direct gateway"; fi
        for target in $order; do
            if [ "$target" = gateway ]; then url="$gateway"; else url="$direct"; fi
            log "cluster: load ($layout cores) round $round/$CLUSTER_LOAD_ROUNDS $target (${LOAD_DURATION}s, $LOAD_CONNECTIONS connections)"
            line="$(c_wrk "$layout-round$round-$target" "$url" "$LOAD_DURATION")"
            req=$(field requests <<< "$line"); dur=$(field duration_us <<< "$line")
            errs=$(( $(field err_connect <<< "$line") + $(field err_read <<< "$line") + $(field err_write <<< "$line") \
                   + $(field err_status <<< "$line") + $(field err_timeout <<< "$line") ))
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$layout" "$target" "$round" \
                "$(awk -v r="$req" -v d="$dur" 'BEGIN {printf "%.0f", r / (d / 1e6)}')" \
                "$(field p50_us <<< "$line")" "$(field p99_us <<< "$line")" "$errs" \
                "$(field cpu_mgmt_ms <<< "$line")" "$(field cpu_w1_ms <<< "$line")" "$(field cpu_w2_ms <<< "$line")" >> "$tsv"
        done
    done
    c_layout shared
}

# ------------------------------------------------------------------------------- the run

cluster_bench() {
    [ -f "$CLUSTER_LOAD_JAR" ] || die "no $CLUSTER_LOAD_JAR (build: mvn -B -f benchmarks install)"
    command -v jq > /dev/null || die "the cluster benchmark reads the nodes' JSON with jq: install it (apt-get install jq)"
    CLUSTER_DIST="${DIST:-$(first "$ROOT"/karaf-distribution/target/fnhost-distribution-*.tar.gz)}"
    [ -n "$CLUSTER_DIST" ] && [ -f "$CLUSTER_DIST" ] || die "no distribution: build it first (mvn -B install -DskipTests at the root)"
    local hello app
    hello="$(first "$ROOT"/examples/hello/target/hello-*.jar "$M2_REPO"/io/fnhost/examples/hello/*/hello-*.jar)"
    app="$(first "$BENCH"/cluster-app/target/cluster-app-*.jar)"
    [ -n "$hello" ] || die "no examples/hello jar: build the project first"
    [ -n "$app" ] || die "no benchmarks/cluster-app jar (build: mvn -B -f benchmarks install)"
    # (find_greeters would also set a single node's GREETER_URL)
    GREETER_V1="$(first "$ROOT"/itests/apps/greeter-v1/target/greeter-v1-*.jar "$M2_REPO"/io/fnhost/itests/greeter-v1/*/greeter-v1-*.jar)"
    GREETER_V2="$(first "$ROOT"/itests/apps/greeter-v2/target/greeter-v2-*.jar "$M2_REPO"/io/fnhost/itests/greeter-v2/*/greeter-v2-*.jar)"
    [ -n "$GREETER_V1" ] && [ -n "$GREETER_V2" ] || die "no greeter-v1/-v2 test apps: build the project first (mvn -B install -DskipTests)"

    C_WORK="$(mktemp -d "${TMPDIR:-/tmp}/fnhost-cluster-bench.XXXXXX")"
    trap 'c_stop_all; stop_node' EXIT
    ADMIN_HEADERS="$C_WORK/admin-headers"
    (umask 077 && printf 'x-functions-key: %s\n' "$MASTER_KEY" > "$ADMIN_HEADERS")

    # 1a. the baseline: a standalone node on its own
    c_start solo standalone ""
    c_await_ready solo
    local solo_result
    solo_result="$(c_converge standalone "$RESULTS/cluster-converge-standalone.txt" \
        --admin "http://127.0.0.1:${C_HTTP[solo]}/" --answer-urls "http://127.0.0.1:${C_HTTP[solo]}/api/greet/Ada")"
    c_stop solo

    # the cluster: the management node first, then the workers pointing at it
    c_start mgmt management ""
    c_await_ready mgmt
    local storage=""
    if [ "$CLUSTER_PRESET_BROKER" = 1 ]; then
        storage="tcp://127.0.0.1:${C_BROKER[mgmt]}?$CLUSTER_BROKER_OPTIONS"
        say "NOTE: CLUSTER_PRESET_BROKER=1: the workers start with embeddedStorageConnection = $storage"
    fi
    c_start w1 worker "127.0.0.1:${C_CLUSTER[mgmt]}" "$storage"
    c_start w2 worker "127.0.0.1:${C_CLUSTER[mgmt]}" "$storage"
    c_await_ready w1
    c_await_ready w2
    c_await_members mgmt w1 w2
    log "cluster: mgmt, w1 and w2 are up and members"

    # 1b. publish -> running on both workers
    local cluster_result
    cluster_result="$(c_converge cluster "$RESULTS/cluster-converge.txt" --admin "http://127.0.0.1:${C_HTTP[mgmt]}/" \
        --nodes w1,w2 --answer-urls "http://127.0.0.1:${C_HTTP[w1]}/api/greet/Ada,http://127.0.0.1:${C_HTTP[w2]}/api/greet/Ada")"

    # 2. gateway vs. direct
    c_publish mgmt "$hello"
    c_await_body "http://127.0.0.1:${C_HTTP[w1]}/api/hello?name=Ada" "Hello, Ada" 60
    c_await_body "http://127.0.0.1:${C_HTTP[w2]}/api/hello?name=Ada" "Hello, Ada" 60
    c_await_body "http://127.0.0.1:${C_HTTP[mgmt]}/api/hello?name=Ada" "Hello, Ada" 60
    ensure_wrk
    c_gateway_load shared
    if [ "$(nproc)" -ge 2 ]; then c_gateway_load pinned; fi

    # 3. queue drain, 1 vs. 2 workers
    c_publish mgmt "$app"
    local drain_out="$RESULTS/cluster-drain.txt"
    log "cluster: queue drain, $CLUSTER_QUEUE_MESSAGES messages, 1 and 2 workers, $CLUSTER_QUEUE_ROUNDS rounds"
    c_cluster_load drain --admin "http://127.0.0.1:${C_HTTP[mgmt]}/" --app clusterbench --queue bench-drain \
        --messages "$CLUSTER_QUEUE_MESSAGES" --workers 1,2 --rounds "$CLUSTER_QUEUE_ROUNDS" > "$drain_out" 2>&1 \
        || { tail -n 30 "$drain_out" >&2; die "the drain client failed (see $drain_out)"; }
    c_stop_all

    cluster_report "$solo_result" "$cluster_result" "$drain_out"
}

cluster_report() {
    local solo="$1" cluster="$2" drain_out="$3" tsv="$RESULTS/cluster-load.tsv"
    say ""
    say "== cluster: 1 management + 2 worker nodes on loopback ($(basename "$CLUSTER_DIST")), all on this machine's $(nproc) cores"
    say "-- publish -> running on both workers: $CLUSTER_PUBLISH_RUNS publishes (greeter v1/v2 alternately, after 2 warm-up), ms from the start of POST /admin/apps"
    say "$(awk -v c="$cluster" -v s="$solo" 'function f(line, k,   re) { re = k "=[^ ]*"; if (match(line, re)) return substr(line, RSTART + length(k) + 1, RLENGTH - length(k) - 1); return "nan" }
        BEGIN {
            printf "  cluster    POST answered: median %7.1f  p90 %7.1f\n", f(c, "post_median_ms"), f(c, "post_p90_ms");
            printf "  cluster    both workers RUNNING the new sha256 (GET /admin/apps/greeter): median %7.1f  p90 %7.1f  (target median <= 1000: %s)\n",
                f(c, "running_median_ms"), f(c, "running_p90_ms"), (f(c, "running_median_ms") + 0 <= 1000 ? "met" : "MISSED");
            printf "  cluster    both workers answer the new version (GET /api/greet/Ada on each): median %7.1f  p90 %7.1f\n",
                f(c, "answer_median_ms"), f(c, "answer_p90_ms");
            printf "  standalone baseline, the node answers the new version: median %7.1f  p90 %7.1f  (POST answered: median %.1f)\n",
                f(s, "answer_median_ms"), f(s, "answer_p90_ms"), f(s, "post_median_ms");
            printf "  cluster / standalone (median, until answered): %.2f\n", f(c, "answer_median_ms") / f(s, "answer_median_ms");
        }')"
    say "  runs: $RESULTS/cluster-converge.txt, $RESULTS/cluster-converge-standalone.txt"

    say "-- gateway vs. direct: wrk -t$LOAD_THREADS -c$LOAD_CONNECTIONS -d${LOAD_DURATION}s on GET /api/hello?name=Ada, $CLUSTER_LOAD_ROUNDS rounds each (ABBA) after 2 x ${LOAD_WARMUP}s warm-up"
    say "   gateway = the management node's /api/* (proxies to w1 and w2); direct = w1's own /api/*"
    say "   shared = every JVM and wrk on all $(nproc) cores; pinned = management node + wrk on the first half of the cores,"
    say "   w1 + w2 on the second half (the gateway as on a machine of its own; the workers' cores the same for both targets)"
    column -t -s $'\t' "$tsv" | sed 's/^/  /' | tee -a "$SUMMARY"
    local layout target rows rps_g rps_d
    for layout in shared pinned; do
        grep -q "^$layout"$'\t' "$tsv" || continue
        for target in gateway direct; do
            rows="$(awk -F'\t' -v l="$layout" -v t="$target" 'NR > 1 && $1 == l && $2 == t' "$tsv")"
            eval "CL_RPS_$target=$(cut -f4 <<< "$rows" | median)"
            eval "CL_P50_$target=$(cut -f5 <<< "$rows" | median)"
            eval "CL_P99_$target=$(cut -f6 <<< "$rows" | median)"
            eval "CL_ERR_$target=$(awk -F'\t' '{s += $7} END {print s + 0}' <<< "$rows")"
        done
        awk -v l="$layout" -v g="$CL_RPS_gateway" -v d="$CL_RPS_direct" -v g5="$CL_P50_gateway" -v d5="$CL_P50_direct" \
            -v g9="$CL_P99_gateway" -v d9="$CL_P99_direct" -v ge="$CL_ERR_gateway" -v de="$CL_ERR_direct" 'BEGIN {
            printf "  %s, medians: gateway %.0f req/s (p50 %.2f ms, p99 %.2f ms, %d errors); direct %.0f req/s (p50 %.2f ms, p99 %.2f ms, %d errors)\n",
                l, g, g5 / 1000, g9 / 1000, ge, d, d5 / 1000, d9 / 1000, de;
            printf "  %s, gateway / direct throughput: %.2fx  (target >= 0.8x: %s)\n", l, g / d, (g / d >= 0.8 ? "met" : "MISSED");
        }' | tee -a "$SUMMARY"
    done
    say "  (cpu_*_ms: user+system CPU of each JVM during the round, from /proc; wrk's own CPU is not in it)"

    say "-- queue drain: $CLUSTER_QUEUE_MESSAGES persistent messages on the management node's broker, no-op queue function (host.json defaults)"
    say "   placed on 1 or 2 workers; drain = placement -> queue empty (deploy included); consume = messages still waiting when"
    say "   all k workers' consumers were attached (k x one worker's, from GET /admin/queues) / time from then to empty"
    grep -E '^(DRAIN|RESULT|SCALING)' "$drain_out" | sed 's/^/  /' | tee -a "$SUMMARY"
    local scaling; scaling="$(grep '^SCALING' "$drain_out" || true)"
    [ -n "$scaling" ] && say "  scaling factor 1 -> 2 workers: $(field total <<< " $scaling") (drain incl. deploy), $(field consume <<< " $scaling") (consumption alone)"
    say "  node logs: $RESULTS/karaf-{solo,mgmt,w1,w2}.log"
}
