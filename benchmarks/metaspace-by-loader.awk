# Reads `jcmd <pid> VM.metaspace show-loaders` and prints the Metaspace used per kind of class loader
# (KB, tab-separated, one line per kind: the loader's class, or "<hidden classes>"), then "TOTAL".
# benchmarks/run.sh soak compares two of these to show where Metaspace grew.
function kb(line,    s, f) {
    # "... 3.14 KB ( 79%) used, ..." -> 3.14 (the unit varies: bytes, KB, MB, GB)
    if (!match(line, /[0-9.]+ (bytes|KB|MB|GB) +\([^)]*\) used/)) return 0
    split(substr(line, RSTART, RLENGTH), f, " ")
    return f[2] == "GB" ? f[1] * 1048576 : f[2] == "MB" ? f[1] * 1024 : f[2] == "KB" ? f[1] : f[1] / 1024
}
/: CLD 0x/ {
    kind = $0
    if (kind ~ /<hidden class>/) kind = "<hidden classes>"
    else if (kind ~ /"<bootstrap>"/) kind = "<bootstrap>"
    else { sub(/.*instance of /, "", kind); sub(/,.*/, "", kind) }
    next
}
/^Total Usage/ { total = 1; next }
/^ *Both:/ {
    if (total) { printf "TOTAL\t%.1f\n", kb($0); exit }
    if (kind != "") { used[kind] += kb($0); kind = "" }
}
END { for (k in used) printf "%s\t%.1f\n", k, used[k] }
