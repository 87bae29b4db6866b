import GRDB

// Value types stored as single columns. Each is written the way it is serialized in entries, so that
// the projection reads like the log.

// MARK: - CalendarDate

extension CalendarDate: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> CalendarDate? {
        String.fromDatabaseValue(dbValue).flatMap { try? CalendarDate(validating: $0) }
    }
}

// MARK: - ActorSlug

extension ActorSlug: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { rawValue.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> ActorSlug? {
        String.fromDatabaseValue(dbValue).map(ActorSlug.init(trusted:))
    }
}

// MARK: - SHA256Hash

extension SHA256Hash: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { hex.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> SHA256Hash? {
        String.fromDatabaseValue(dbValue).flatMap(SHA256Hash.init(hex:))
    }
}

// MARK: - DueDate

extension DueDate: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> DueDate? {
        String.fromDatabaseValue(dbValue).flatMap { try? DueDate(validating: $0) }
    }
}

// MARK: - Enums

extension Status: DatabaseValueConvertible {}
extension Stance: DatabaseValueConvertible {}
extension ActorKind: DatabaseValueConvertible {}
extension EntryKind: DatabaseValueConvertible {}
