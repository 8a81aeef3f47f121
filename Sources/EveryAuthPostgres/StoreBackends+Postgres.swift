import EveryAuthCore
import Foundation

extension StoreBackends {
    /// Every backend everyauth has: the JSON file and PostgreSQL (`PostgresStore`). What the
    /// command-line tool opens its stores with, and what a Swift app passes to `EveryAuth(backends:)`
    /// to honour a `postgres://` `$EVERYAUTH_STORE_URL`.
    public static let all = StoreBackends(postgres: { url, environment, lockTimeout, keys in
        try PostgresStore(url: url, environment: environment, lockTimeout: lockTimeout, keys: keys)
    })
}
