import Foundation

/// The on-call parts of the directory's world: schedules, their overrides, maintenance windows.
extension RESTDirectory {
    /// A schedule with one rotation layer: turns of `turnLength` seconds, handed from user to
    /// user in `userIDs` order, turn 0 beginning at `virtualStart`.
    public struct Schedule: Sendable, Equatable {
        /// The schedule's id, e.g. `PSCHED1`.
        public var id: String
        /// The schedule's name.
        public var name: String
        /// The schedule's description.
        public var description: String
        /// The IANA zone its times are rendered in by default.
        public var timeZone: String
        /// The rotation's users, in turn order.
        public var userIDs: [String]
        /// Seconds of one turn (`rotation_turn_length_seconds`).
        public var turnLength: Int
        /// Seconds since the epoch of turn 0's start (`rotation_virtual_start`).
        public var virtualStart: Int
        /// The ids of the teams it belongs to.
        public var teamIDs: [String]
        /// A schedule with these fields.
        public init(id: String, name: String, userIDs: [String], turnLength: Int, virtualStart: Int, teamIDs: [String] = [],
                    timeZone: String = "Etc/UTC", description: String = "") {
            self.id = id
            self.name = name
            self.description = description
            self.timeZone = timeZone
            self.userIDs = userIDs
            self.turnLength = turnLength
            self.virtualStart = virtualStart
            self.teamIDs = teamIDs
        }
    }

    /// A schedule override: `userID` is on call on `scheduleID` from `start` to `end` (seconds
    /// since the epoch) instead of whoever the rotation says; later overrides win.
    public struct Override: Sendable, Equatable {
        /// The override's id.
        public var id: String
        /// The schedule it overrides.
        public var scheduleID: String
        /// Its start, seconds since the epoch.
        public var start: Int
        /// Its end (exclusive), seconds since the epoch.
        public var end: Int
        /// Who is on call instead.
        public var userID: String
        /// An override with these fields.
        public init(id: String, scheduleID: String, start: Int, end: Int, userID: String) {
            self.id = id
            self.scheduleID = scheduleID
            self.start = start
            self.end = end
            self.userID = userID
        }
    }

    /// A maintenance window: `serviceIDs` create no incidents from `start` to `end`.
    public struct MaintenanceWindow: Sendable, Equatable {
        /// The window's id, e.g. `PMW0001`.
        public var id: String
        /// Its sequence number (1, 2, …).
        public var sequenceNumber: Int
        /// Its start, seconds since the epoch.
        public var start: Int
        /// Its end (exclusive), seconds since the epoch.
        public var end: Int
        /// Its description.
        public var description: String
        /// The services it covers.
        public var serviceIDs: [String]
        /// The user who created it, when known.
        public var createdBy: String?
        /// A window with these fields.
        public init(id: String, sequenceNumber: Int, start: Int, end: Int, description: String, serviceIDs: [String], createdBy: String? = nil) {
            self.id = id
            self.sequenceNumber = sequenceNumber
            self.start = start
            self.end = end
            self.description = description
            self.serviceIDs = serviceIDs
            self.createdBy = createdBy
        }
    }
}
