import Foundation
import PackagePlugin

/// Validates the `providers.json` of every target that applies it, failing the build with the file,
/// the JSON path and the reason; when valid, adds `ProviderName` constants to the target.
///
/// The file is the one in the target's folder, else the one at the package's root.
@main
struct ValidateProviders: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let candidates = [
            target.directoryURL.appending(path: "providers.json"),
            context.package.directoryURL.appending(path: "providers.json"),
        ]
        guard let registry = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            Diagnostics.error("""
                ValidateProviders: target \(target.name) has no providers.json; create one in \
                \(candidates[0].deletingLastPathComponent().path) or at the package root \
                \(candidates[1].deletingLastPathComponent().path), or remove the plugin from the target
                """)
            return []
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "ProviderName.swift")
        return [
            .buildCommand(
                displayName: "Validating \(registry.path) for \(target.name)",
                executable: try context.tool(named: "ValidateProvidersTool").url,
                arguments: [registry.path, "--output", output.path],
                inputFiles: [registry],
                outputFiles: [output]
            ),
        ]
    }
}
