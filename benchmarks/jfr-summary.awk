# Summarises `jfr print --events jdk.ExecutionSample` output of the Karaf JVM under load (read by
# benchmarks/run.sh profile): the share of Jetty request-thread samples whose stack contains each
# category (inclusive; a sample can count in several), and the hottest leaf frames.
# Only threads named qtp* (Jetty's pool) are counted. JFR samples Java code only: time in the kernel
# (sockets) shows as the Java frame that made the system call.

/^jdk\.ExecutionSample/ { in_event = 1; thread = ""; next }
in_event && /sampledThread = / { thread = $0; next }
in_event && /stackTrace = \[/ { in_stack = 1; depth = 0; delete seen; leaf = ""; owner = ""; next }
in_stack && /^[[:space:]]*\]/ {
    in_stack = 0
    if (thread ~ /"qtp/) {
        total++
        leaves[leaf]++
        for (c in seen) inclusive[c]++
        owned[owner == "" ? "JDK only (e.g. thread pool idling)" : owner]++
    }
    next
}
in_stack {
    frame = $0
    sub(/^[[:space:]]+/, "", frame)
    sub(/[[:space:]]+line:.*$/, "", frame)
    if (frame == "...") next
    depth++
    if (depth == 1) leaf = frame
    # owner: the component of the frame nearest the top that is not the JDK's (JDK code counts for its caller)
    if (owner == "") {
        if (frame ~ /^(org\.ops4j\.pax\.logging|org\.apache\.logging\.log4j|java\.util\.logging|org\.apache\.karaf\.log\.|org\.osgi\.service\.event|org\.apache\.felix\.eventadmin)/) owner = "logging"
        else if (frame ~ /^io\.fnhost\.examples\./) owner = "the function's own code"
        else if (frame ~ /^io\.fnhost\.core\./) owner = "fnhost-core"
        else if (frame ~ /^io\.fnhost\.http\./) owner = "fnhost-http"
        else if (frame ~ /^io\.fnhost\.benchmarks\./) owner = "the baseline servlet's own code"
        else if (frame ~ /^com\.google\.gson\./) owner = "gson"
        else if (frame ~ /^(org\.eclipse\.jetty|org\.ops4j\.pax\.web|javax\.servlet)/) owner = "Jetty / Pax Web"
        # the framework's helpers (FrameworkUtil.getBundle, ...) count for their caller, like the JDK
        else if (frame !~ /^(java\.|javax\.|jdk\.|sun\.|org\.osgi\.framework\.|org\.apache\.felix\.framework\.)/) owner = "other: " frame
    }
    if (frame ~ /^io\.fnhost\.http\./) seen["fnhost-http (route, request, response)"] = 1
    if (frame ~ /^io\.fnhost\.core\./) seen["fnhost-core (invoker)"] = 1
    if (frame ~ /^io\.fnhost\.examples\./) seen["the function (examples/hello)"] = 1
    if (frame ~ /^io\.fnhost\.benchmarks\./) seen["the baseline servlet"] = 1
    if (frame ~ /^(org\.ops4j\.pax\.logging|org\.apache\.logging\.log4j|java\.util\.logging)/) seen["logging (JUL -> Pax Logging -> log4j2 -> karaf.log)"] = 1
    if (frame ~ /^com\.google\.gson\./) seen["gson"] = 1
    # Jetty runs the whole request from inside its I/O callbacks, so only a socket call at the top of the
    # stack counts as socket I/O
    if (depth == 1 && frame ~ /^(sun\.nio\.ch\.|java\.nio\.channels\.)/) seen["socket I/O (NIO call at the top of the stack)"] = 1
    if (frame ~ /^org\.osgi\.service\.event\.|^org\.apache\.felix\.eventadmin\./) seen["EventAdmin (log entries as OSGi events)"] = 1
    if (frame ~ /^java\.lang\.StackStreamFactory|^java\.lang\.StackWalker/) seen["stack walking (log caller inference)"] = 1
    if (frame ~ /UUID/) seen["UUID (invocation ids)"] = 1
    next
}
/^\}/ { in_event = 0 }

END {
    if (total == 0) { print "  no samples of Jetty threads (qtp*)"; exit }
    printf "  %d samples of Jetty request threads\n  inclusive share by category:\n", total
    n = 0
    for (c in inclusive) order[++n] = c
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (inclusive[order[j]] > inclusive[order[i]]) { t = order[i]; order[i] = order[j]; order[j] = t }
    for (i = 1; i <= n; i++) printf "    %5.1f%%  %s\n", 100 * inclusive[order[i]] / total, order[i]
    printf "  exclusive share by owner (nearest non-JDK frame to the top of the stack):\n"
    n = 0; delete order
    for (c in owned) order[++n] = c
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (owned[order[j]] > owned[order[i]]) { t = order[i]; order[i] = order[j]; order[j] = t }
    for (i = 1; i <= n && i <= 10; i++) printf "    %5.1f%%  %s\n", 100 * owned[order[i]] / total, order[i]
    printf "  hottest leaf frames:\n"
    m = 0
    for (l in leaves) lo[++m] = l
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (leaves[lo[j]] > leaves[lo[i]]) { t = lo[i]; lo[i] = lo[j]; lo[j] = t }
    for (i = 1; i <= m && i <= 10; i++) printf "    %5.1f%%  %s\n", 100 * leaves[lo[i]] / total, lo[i]
}
