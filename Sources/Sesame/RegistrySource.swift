import Foundation
import SesameCore

/// Where a registry comes from, in order of precedence: an explicit path (`--config`), the file
/// named by `SESAME_CONFIG`, `./providers.json` when it exists, else the official Coze SDKs'
/// environment variables (environment-only mode: one provider named `coze`).
///
/// An explicit path or `SESAME_CONFIG` naming a missing file is an error, never a fall-back to the
/// environment: a choice the user made is not silently replaced.
public enum RegistrySource: Sendable, Equatable, CustomStringConvertible {
    /// A registry file.
    case file(String)
    /// The `COZE_JWT_OAUTH_*` variables and `COZE_API_BASE` (see ``CozeSDKVariable``).
    case cozeEnvironment

    /// The source to use.
    ///
    /// - Parameters:
    ///   - explicit: a path given by the user (`--config`), or `nil`.
    ///   - environment: reads a variable (`SESAME_CONFIG`, `COZE_JWT_OAUTH_*`).
    ///   - currentDirectory: where `providers.json` is looked for.
    public static func resolve(
        explicit: String?,
        environment: (String) -> String? = { ProcessInfo.processInfo.environment[$0] },
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> RegistrySource {
        if let explicit, !explicit.isEmpty { return .file(explicit) }
        if let named = environment(RegistryLocation.environmentVariable), !named.isEmpty { return .file(named) }
        let fallback = currentDirectory + "/" + RegistryLocation.defaultFile
        if !FileManager.default.fileExists(atPath: fallback), CozeSDKVariable.isConfigured(environment) { return .cozeEnvironment }
        return .file(RegistryLocation.defaultFile)
    }

    /// `providers.json`, or `the COZE_JWT_OAUTH_* environment variables`.
    public var description: String {
        switch self {
        case .file(let path): path
        case .cozeEnvironment: "the COZE_JWT_OAUTH_* environment variables"
        }
    }
}

/// A registry and what the user should be told about how it was built.
public struct LoadedRegistry: Sendable {
    /// The registry.
    public let registry: Registry
    /// Where it came from.
    public let source: RegistrySource
    /// Things to say once (on stderr, for a CLI): the region chosen by default in environment-only
    /// mode, a setting that looks wrong. Never a secret.
    public let notes: [String]
}

extension Registry {
    /// Loads the registry from `source` with `plugins`.
    ///
    /// - Throws: ``RegistryError`` for a file (a missing `./providers.json` names the other sources,
    ///   environment-only mode among them); ``RegistrySetupError`` when the Coze variables are
    ///   incomplete.
    public static func load(from source: RegistrySource, plugins: PluginSet = .builtIn, context: RegistryContext = RegistryContext()) throws -> LoadedRegistry {
        switch source {
        case .file(let path):
            do {
                return LoadedRegistry(registry: try load(file: path, plugins: plugins, context: context), source: source, notes: [])
            } catch let error as RegistryError where error.code == .fileNotFound && path == RegistryLocation.defaultFile {
                throw RegistryError(.fileNotFound, source: path, message: error.message + "; or, with no registry at all, set \(CozeSDKVariable.clientID), \(CozeSDKVariable.publicKeyID) and \(CozeSDKVariable.privateKey) (or \(CozeSDKVariable.privateKeyFilePath)) as for the Coze SDKs")
            }
        case .cozeEnvironment:
            return try fromCozeEnvironment(plugins: plugins, context: context)
        }
    }

    /// Environment-only mode: a registry with one `coze-jwt` provider named `coze`, built from the
    /// official Coze SDKs' variables read through `context.environment` (see ``CozeSDKVariable``).
    /// The region follows `COZE_API_BASE` (`api.coze.com` → com, `api.coze.cn` → cn, any other host →
    /// cn with the URL as `baseURL`); when it is chosen by default, ``LoadedRegistry/notes`` says so.
    /// Relative key file paths resolve against the current directory. Nothing is printed.
    ///
    /// - Throws: ``RegistrySetupError`` naming every required variable that is not set;
    ///   ``RegistryError`` when a value is invalid.
    public static func fromCozeEnvironment(plugins: PluginSet = .builtIn, context: RegistryContext = RegistryContext()) throws -> LoadedRegistry {
        let known = [CozeSDKVariable.clientID, CozeSDKVariable.publicKeyID, CozeSDKVariable.apiBase, CozeSDKVariable.wwwBase] + CozeSDKVariable.privateKeyVariables
        var environment: [String: String] = [:]
        for name in known { environment[name] = context.environment(name) }
        let directory = FileManager.default.currentDirectoryPath
        let entry = try CozeSDKImport.fromEnvironment(environment, registryDirectory: directory)
        let source = RegistrySource.cozeEnvironment.description
        let registry = try decode(Data(entry.registryText.utf8), source: source, directory: directory, plugins: plugins, context: context)
        return LoadedRegistry(registry: registry, source: .cozeEnvironment, notes: entry.notes)
    }
}
