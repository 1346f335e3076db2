#!/usr/bin/env bash
#
# Builds fnhost, unpacks the distribution under ./run/fnhost, drops examples/hello into its deploy/
# folder, starts the node in the background and waits until the hello function answers.
#
#   ./run.sh            build + start (stops a node this script started before, then starts afresh)
#   run/fnhost/bin/stop stop the node
#
# Needs a Java 17 JDK (Karaf 4.4.10 does not run on Java 25): JAVA_HOME if it is one, else the
# system's Java 17 under /usr/lib/jvm. Port 8181 must be free.
set -euo pipefail
cd "$(dirname "$0")"

URL="http://localhost:8181/api/hello?name=Ada"
NODE=run/fnhost
DEADLINE_SECONDS=180

command -v curl >/dev/null || { echo "run.sh needs curl (Debian: apt-get install -y curl)" >&2; exit 1; }

java_major() { # prints the feature version of the JDK at $1, or nothing
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}

find_java17() {
    if [ -n "${JAVA_HOME:-}" ] && [ "$(java_major "$JAVA_HOME")" = 17 ]; then
        echo "$JAVA_HOME"; return
    fi
    for candidate in /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/*17*; do
        if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" = 17 ]; then
            echo "$candidate"; return
        fi
    done
    echo "run.sh: no Java 17 JDK found (set JAVA_HOME to one; on Debian: apt-get install openjdk-17-jdk-headless)" >&2
    exit 1
}

JAVA_HOME="$(find_java17)"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

# A node started by an earlier run: stop it by its own script and wait for its PID to go.
if [ -x "$NODE/bin/stop" ] && [ -f "$NODE/karaf.pid" ]; then
    old_pid="$(cat "$NODE/karaf.pid" 2>/dev/null || true)"
    # only if that PID is still this node's JVM (PIDs get reused)
    if [ -n "$old_pid" ] && tr '\0' ' ' 2>/dev/null < "/proc/$old_pid/cmdline" | grep -q -- "-Dkaraf.base=$PWD/$NODE"; then
        echo "Stopping the node started before (pid $old_pid) ..."
        "$NODE/bin/stop" || true
        for _ in $(seq 1 120); do
            kill -0 "$old_pid" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$old_pid" 2>/dev/null; then
            echo "run.sh: the node with pid $old_pid did not stop; stop it and run again" >&2
            exit 1
        fi
    fi
fi

echo "Building fnhost (mvn -B install -DskipTests -DskipITs) ..."
mvn -B -q install -DskipTests -DskipITs

distribution=(karaf-distribution/target/fnhost-distribution-*.tar.gz)
rm -rf "$NODE"
mkdir -p run
tar -xzf "${distribution[0]}" -C run
mv run/fnhost-distribution-*/ "$NODE"
cp examples/hello/target/hello-*.jar "$NODE/deploy/"

if (exec 3<>/dev/tcp/localhost/8181) 2>/dev/null; then
    echo "run.sh: port 8181 is already in use; stop whatever listens there and run again" >&2
    exit 1
fi

echo "Starting the node (run/fnhost/bin/start, JAVA_HOME=$JAVA_HOME) ..."
start=$(date +%s)
"$NODE/bin/start"

until answer="$(curl -fsS "$URL" 2>/dev/null)"; do
    if [ $(( $(date +%s) - start )) -ge $DEADLINE_SECONDS ]; then
        echo "run.sh: no answer from $URL within ${DEADLINE_SECONDS}s; last lines of $NODE/data/log/karaf.log:" >&2
        tail -n 40 "$NODE/data/log/karaf.log" >&2 || true
        exit 1
    fi
    sleep 0.5
done

# The master key is the operator's (FNHOST_MASTER_KEY) or the one the node generated, readable only by its owner.
master_key_hint() {
    if [ -n "${FNHOST_MASTER_KEY:-}" ]; then
        echo "from FNHOST_MASTER_KEY"
    else
        echo "in $NODE/data/fnhost/keys/host.json (masterKey.value; see docs/keys.md)"
    fi
}

cat <<INFO

fnhost is running ($(( $(date +%s) - start ))s to the first answer).

  $URL
  -> $answer

  deploy folder:  $NODE/deploy    (copy a function app jar in, replace it, delete it)
  web console:    http://localhost:8181/system/console   (user admin, password admin: change it, see README)
  Karaf shell:    $NODE/bin/client -u admin -p admin
  log:            $NODE/data/log/karaf.log
  admin API:      http://localhost:8181/admin/host/status   (header x-functions-key: <master key>)
  master key:     $(master_key_hint)
  stop:           $NODE/bin/stop
INFO
