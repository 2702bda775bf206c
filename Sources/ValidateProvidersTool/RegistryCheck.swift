import Foundation
import SesameBuiltIns
import SesameCore

/// Validates the text of a `providers.json` as the build plugin does, without printing or writing.
struct RegistryCheck {
    /// Everything found, errors and warnings, in the order of the file.
    let diagnostics: [Diagnostic]
    /// The provider names when the file is valid, else `nil`.
    let providerNames: [String]?

    /// Checks `data`, the contents of `file` (named in diagnostics; relative paths resolve against its folder).
    init(_ data: Data, file: String) {
        let map = JSONSourceMap(data)
        var plugins = PluginSet.shippedTypes
        var found: [Diagnostic] = []
        if let root = JSONValue.parse(data) {
            let external = ExternalTypes(in: root, plugins: plugins)
            plugins = external.registering(into: plugins)
            found += external.warnings.map { Diagnostic(severity: .warning, file: file, position: map.position(of: $0.path), message: "\($0.path): \($0.message)") }
        }
        let context = RegistryContext(transport: OfflineTransport(), environment: { _ in nil })
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
        var names: [String]?
        do {
            let registry = try Registry.decode(data, source: file, directory: directory, plugins: plugins, context: context)
            let collisions = ProviderNameGenerator.collisions(in: registry.providerNames)
            for collision in collisions {
                let path = ConfigPath.root.appending("providers").appending(collision.name)
                found.append(Diagnostic(severity: .error, file: file, position: map.position(of: path),
                                        message: "\(path): its Swift name \(collision.identifier) is already taken by \"\(collision.takenBy)\"; rename one of them"))
            }
            names = collisions.isEmpty ? registry.providerNames : nil
        } catch let error as RegistryError where error.code == .invalid {
            found += error.issues.map { Diagnostic(severity: .error, file: file, position: map.position(of: $0.path), message: "\($0.path): \($0.message)") }
        } catch let error as RegistryError {
            found.append(Diagnostic(severity: .error, file: file, position: Diagnostic.syntaxPosition(in: error.message), message: error.message))
        } catch {
            found.append(Diagnostic(severity: .error, file: file, position: nil, message: "\(error)"))
        }
        diagnostics = found.sorted { Self.order($0) < Self.order($1) }
        providerNames = names
    }

    /// Top to bottom; diagnostics without a position first.
    private static func order(_ diagnostic: Diagnostic) -> (Int, Int) {
        (diagnostic.position?.line ?? 0, diagnostic.position?.column ?? 0)
    }
}

/// The registry is only built, never used: nothing may reach the network at build time.
private struct OfflineTransport: HTTPTransport {
    func send(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse {
        throw HTTPTransportError(.connectionFailed, "no network at build time")
    }
}
