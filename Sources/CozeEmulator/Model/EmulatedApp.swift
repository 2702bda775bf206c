/// An OAuth JWT app registered with the emulator: its ID (the JWT's `iss`), type, keys and state.
///
/// Several entries with the same ``appID`` in one configuration are merged by the emulator: their keys
/// are pooled and the first entry's ``kind`` and ``enabled`` apply.
public struct EmulatedApp: Sendable {
    /// The app type, as on Coze's app page.
    public enum Kind: String, Sendable, CaseIterable {
        /// A normal service app: may not send a `scope`.
        case normal
        /// A channel app: the only type that may send a `scope` in the token request body.
        case channel
        /// An enterprise privileged app (usually on the enterprise token path). The emulator treats it
        /// like ``normal``; it records the type so tools and tests can describe the app faithfully.
        case privileged
    }

    /// The app ID: the value the JWT's `iss` must carry (digits on Coze, any string here).
    public var appID: String
    /// The app type; only ``Kind/channel`` apps may send a `scope`.
    public var kind: Kind
    /// The registered public keys. Coze allows at most 3 per app; ``CozeEmulatorConfiguration/load(file:)``
    /// and ``parse(spec:relativeTo:)`` enforce that, the initializer does not.
    public var keys: [EmulatedKey]
    /// Whether the app is active; a disabled app's token requests are answered 403 `access_deny`.
    public var enabled: Bool

    /// Creates an app registration.
    public init(appID: String, kind: Kind = .normal, keys: [EmulatedKey], enabled: Bool = true) {
        self.appID = appID
        self.kind = kind
        self.keys = keys
        self.enabled = enabled
    }

    /// The most public keys Coze lets an app hold.
    public static let maximumKeyCount = 3
}
