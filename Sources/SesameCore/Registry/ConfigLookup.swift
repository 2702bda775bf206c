/// The value kinds a ``ConfigSection`` asks a ``ConfigLookup`` for.
package enum ConfigLookupKind: Sendable {
    case string, integer, bool, strings
    /// Whatever the value is (to tell what it is when it is not what was asked for).
    case any
}

/// A registry read from a configuration system that answers typed lookups by key but cannot list
/// its keys (swift-configuration's `ConfigReader`): what a ``ConfigSection`` reads instead of a
/// parsed JSON object.
///
/// A lookup is bound to one object's path. Since keys cannot be listed, unknown keys cannot be
/// reported, and whether a nested object is present is known only from the values found under it.
package protocol ConfigLookup: AnyObject {
    /// The value at `key` of this object: of `kind` when it has one, else as the kind it has (so
    /// that the section reports the mismatch), or `nil` when absent.
    func value(_ key: String, as kind: ConfigLookupKind) -> JSONValue?
    /// The nested object at `key`.
    func child(_ key: String) -> any ConfigLookup
    /// The names of this object's members when the caller named them (providers, key stores), else empty.
    var names: [String] { get }
    /// Whether any value was found at or below this object so far.
    var foundAny: Bool { get }
}
