import SesameJOSE

/// The registered apps by ID, with their keys by key ID. Entries sharing an app ID are merged.
struct AppRegistry: Sendable {
    struct App: Sendable {
        let appID: String
        let kind: EmulatedApp.Kind
        let enabled: Bool
        let keys: [String: RSAPublicKey]
    }

    private let apps: [String: App]

    init(_ apps: [EmulatedApp]) {
        var merged: [String: App] = [:]
        for app in apps {
            let existing = merged[app.appID]
            var keys = existing?.keys ?? [:]
            for key in app.keys where keys[key.keyID] == nil { keys[key.keyID] = key.publicKey }
            merged[app.appID] = App(appID: app.appID, kind: existing?.kind ?? app.kind, enabled: existing?.enabled ?? app.enabled, keys: keys)
        }
        self.apps = merged
    }

    /// The app whose ID is `appID`.
    func app(_ appID: String) -> App? { apps[appID] }

    /// The ID of an app (other than `appID`) holding `keyID`, for a hint when a JWT mixes them up.
    func owner(ofKeyID keyID: String, otherThan appID: String) -> String? {
        apps.values.first { $0.appID != appID && $0.keys[keyID] != nil }?.appID
    }
}
