import Foundation
import SesameCore
import SesameKeyStores

extension CozeSDKImport {
    /// This import with its inline private key moved into `store`: a writable key store that the
    /// registry at `registryPath` declares (pem-file: entry `NAME.pem`; sodium-vault: entry `NAME`),
    /// or a folder (a path ending in `/`, or an existing folder), which becomes a new pem-file store
    /// named `keys`. An existing key of that name is never replaced.
    ///
    /// - Throws: ``RegistrySetupError``: `.inlineKeyNeedsStore` without a store, `.storeNotWritable`
    ///   for an unknown or read-only store; the store's error when the write fails.
    public func movingPrivateKey(toStore store: String?, registryPath: String, context: RegistryContext = RegistryContext()) async throws -> CozeSDKImport {
        guard inlinePrivateKey != nil else { return self }
        guard let store, !store.isEmpty else {
            throw RegistrySetupError(.inlineKeyNeedsStore, "the private key is pasted inline, and providers.json holds references only; pass --store NAME (a pem-file or sodium-vault store of \(registryPath)) or --store FOLDER/ to move the key there")
        }
        let cwd = FileManager.default.currentDirectoryPath
        let registryDirectory = (PathResolver.resolve(registryPath, relativeTo: cwd, home: context.homeDirectory) as NSString).deletingLastPathComponent
        let folder = PathResolver.resolve(store, relativeTo: cwd, home: context.homeDirectory)
        var isDirectory: ObjCBool = false
        if store.hasSuffix("/") || (FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw RegistrySetupError(.storeNotWritable, "--store \(store): cannot create the folder: \(error.localizedDescription)", underlying: error)
            }
            let definition = JSONValue.object(["type": .string("pem-file"), "directory": .string(RegistryPaths.relative(folder, to: registryDirectory))])
            let keys = PEMFileKeyStore(directory: folder, baseDirectory: registryDirectory)
            return try await movingPrivateKey(into: keys, storeName: "keys", storeDefinition: definition, entry: "\(name).pem")
        }
        let registry: Registry
        do {
            registry = try Registry.load(file: registryPath, context: context)
        } catch {
            throw RegistrySetupError(.storeNotWritable, "--store \(store) names a key store, but the registry that should declare it cannot be used: \(error)", underlying: error)
        }
        guard let declared = registry.keyStores[store] else {
            let writable = registry.keyStores.values.filter { $0.store is any WritableKeyStore }.map(\.name).sorted()
            throw RegistrySetupError(.storeNotWritable, "--store \(store): \(registryPath) declares no key store \"\(store)\" (writable: \(writable.isEmpty ? "none" : writable.joined(separator: ", "))); name a pem-file or sodium-vault store, or give a folder ending in /")
        }
        guard let writable = declared.store as? any WritableKeyStore else {
            throw RegistrySetupError(.storeNotWritable, "--store \(store) is a \(declared.type) store, which cannot be written to; choose a pem-file or sodium-vault store")
        }
        let entry = declared.type == "pem-file" ? "\(name).pem" : name
        return try await movingPrivateKey(into: writable, storeName: store, storeDefinition: nil, entry: entry)
    }
}
