import EveryAuthTestSupport

extension CLI {
    /// `count` processes at once, each adding `new-i` and removing `seed-(i+1)`: the lost-update
    /// check both backends' concurrency tests run. Prints nothing unless a command failed. A generous
    /// lock timeout: on a loaded machine 100 fsyncs in a row can outlast the default 15 s.
    func addNewRemovingSeedsConcurrently(count: Int) async throws -> CLIResult {
        try await runScriptAsync("""
            export EVERYAUTH_LOCK_TIMEOUT=120
            for i in $(seq 0 \(count - 1)); do
              ( out=$("$EVERYAUTH" identity add pagerduty --user-id "new-$i" --token "new-key-$i" 2>&1) || echo "add $i: $out"
                out=$("$EVERYAUTH" identity rm pagerduty --user-id "seed-$(( (i + 1) % \(count) ))" -q 2>&1) || echo "rm $i: $out" ) &
            done
            wait
            """, timeout: 240)
    }
}
