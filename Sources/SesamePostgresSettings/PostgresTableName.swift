/// The rule for the `postgres` token cache's table name, checked when a registry is read and again when
/// a store is created in Swift.
package enum PostgresTableName {
    /// Leaves room under PostgreSQL's 63-byte identifier limit for the index name's suffix.
    package static let maximumLength = 50

    /// Why `name` cannot name the table, or `nil` when it can: it must be a lowercase SQL identifier,
    /// which is then safe to splice into SQL.
    package static func problem(with name: String) -> String? {
        let bytes = Array(name.utf8)
        guard let first = bytes.first else { return "must not be empty" }
        let isLetter = { (byte: UInt8) in (0x61...0x7A).contains(byte) || byte == 0x5F }
        let isDigit = { (byte: UInt8) in (0x30...0x39).contains(byte) }
        guard isLetter(first), bytes.allSatisfy({ isLetter($0) || isDigit($0) }), bytes.count <= maximumLength else {
            return "must be a lowercase SQL identifier (a-z, 0-9, _; starting with a letter or _; at most \(maximumLength) characters), e.g. \"sesame_tokens\""
        }
        return nil
    }
}
