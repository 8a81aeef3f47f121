import EveryAuthCore
import EveryAuthPostgres
import Foundation

// store-throughput URL [TASKS] [LOOKUPS_PER_TASK] [IDENTITIES]
// Looks up random identities `user-0` ... `user-(IDENTITIES-1)` of service pagerduty, TASKS tasks
// at once, and prints lookups per second. Seed the database first (Benchmarks/store-postgres.sh).
// Store keys come from $EVERYAUTH_STORE_KEY, as in any app (an encrypted store needs them).
let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: store-throughput POSTGRES_URL [TASKS] [LOOKUPS_PER_TASK] [IDENTITIES]\n".utf8))
    exit(64)
}
let url = arguments[1]
let tasks = arguments.count > 2 ? Int(arguments[2]) ?? 8 : 8
let perTask = arguments.count > 3 ? Int(arguments[3]) ?? 5_000 : 5_000
let population = arguments.count > 4 ? Int(arguments[4]) ?? 100_000 : 100_000

let everyauth = try EveryAuth(store: .postgres(url), backends: .all)
// Connect and check the schema before the clock starts.
_ = try await everyauth.getIdentity(.pagerduty, userId: "user-0")
let clock = ContinuousClock()
let start = clock.now
try await withThrowingTaskGroup(of: Int.self) { group in
    for _ in 0..<tasks {
        group.addTask {
            var found = 0
            for _ in 0..<perTask {
                let credential = try await everyauth.getIdentity(.pagerduty, userId: "user-\(Int.random(in: 0..<population))")
                if !credential.accessToken.isEmpty { found += 1 }
            }
            return found
        }
    }
    var total = 0
    for try await found in group { total += found }
    precondition(total == tasks * perTask, "some identities had no token")
}
let elapsed = start.duration(to: clock.now)
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let lookups = tasks * perTask
print(String(format: "%d tasks, %d lookups in %.2f s: %.0f identities/s", tasks, lookups, seconds, Double(lookups) / seconds))
await everyauth.shutdown()
