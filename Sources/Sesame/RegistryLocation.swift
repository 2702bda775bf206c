import Foundation

/// Finds `providers.json`: an explicit path, else `$SESAME_CONFIG`, else `./providers.json`.
public enum RegistryLocation {
    /// The environment variable naming the registry when no path is given.
    public static let environmentVariable = "SESAME_CONFIG"
    /// The file used when neither a path nor the variable is given.
    public static let defaultFile = "providers.json"

    /// The registry path to use.
    public static func resolve(
        explicit: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        return defaultFile
    }
}
