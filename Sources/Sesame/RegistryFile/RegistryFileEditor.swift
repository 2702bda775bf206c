import Foundation
import SesameCore
import SesameKeyStores

/// Adds one imported provider entry, and the key stores it needs, to a `providers.json`, leaving
/// every other byte of the file as it was.
///
/// The new members are spliced into the text (no reformatting). Before writing, the result is
/// parsed and checked to hold every original entry with its original value, and built as a
/// registry; the file is then replaced atomically with its own mode, so a failure leaves it
/// untouched. A file that does not exist is created (mode 0644) holding just the entry.
public enum RegistryFileEditor {
    /// Adds `entry` to the registry at `path` and returns the entry as written (a key store it needs
    /// that the file already declares under another name is referred to by that name).
    ///
    /// - Throws: ``RegistrySetupError``: `.providerExists` when the name is taken, `.unreadable` when
    ///   the file is not a JSON object, `.writeFailed`; ``RegistryError`` when the result would not be
    ///   a valid registry.
    @discardableResult
    public static func add(_ entry: CozeSDKImport, to path: String, plugins: PluginSet = .builtIn, context: RegistryContext = RegistryContext()) throws -> CozeSDKImport {
        let absolute = (PathResolver.resolve(path, relativeTo: FileManager.default.currentDirectoryPath, home: context.homeDirectory) as NSString).resolvingSymlinksInPath
        let directory = (absolute as NSString).deletingLastPathComponent
        let contents: [UInt8]?
        do throws(SecretFileError) {
            contents = try PlainFileReader.read(absolute, what: "registry")
        } catch where error.code == .notFound {
            contents = nil
        } catch {
            throw RegistrySetupError(.unreadable, "cannot read \(path): \(error.message)")
        }
        guard let data = contents else {
            let text = entry.registryText
            _ = try Registry.decode(Data(text.utf8), source: path, directory: directory, plugins: plugins, context: context)
            try write(text, to: absolute, mode: 0o644, label: path)
            return entry
        }
        let bytes = Array(data)
        guard let original = JSONValue.parse(bytes)?.object, let root = JSONObjectSpans(bytes, at: firstNonSpace(bytes)) else {
            throw RegistrySetupError(.unreadable, "\(path) is not a JSON object; fix it (sesame providers validate --config \(path)) or write to a new file")
        }
        if original["providers"]?.object?[entry.name] != nil {
            throw RegistrySetupError(.providerExists, "\(path) already defines provider \"\(entry.name)\"; choose another name with --name, or remove the old entry first")
        }
        let written = reconcilingStores(entry, with: original["keyStores"]?.object ?? [:])
        let newStores = written.keyStores.filter { original["keyStores"]?.object?[$0.key] == nil }
        var edits: [(range: Range<Int>, text: String)] = []
        var rootMembers: [(String, JSONValue)] = []
        if !newStores.isEmpty {
            if let stores = root.member("keyStores"), let spans = JSONObjectSpans(bytes, at: stores.start) {
                edits.append(insertion(newStores.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, into: spans, bytes))
            } else {
                rootMembers.append(("keyStores", .object(newStores)))
            }
        }
        let provider = (written.name, JSONValue.object(written.provider))
        if let providers = root.member("providers"), let spans = JSONObjectSpans(bytes, at: providers.start) {
            edits.append(insertion([provider], into: spans, bytes))
        } else {
            rootMembers.append(("providers", .object([provider.0: provider.1])))
        }
        if !rootMembers.isEmpty { edits.append(insertion(rootMembers, into: root, bytes)) }
        var result = bytes
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            result.replaceSubrange(edit.range, with: Array(edit.text.utf8))
        }
        try verify(result, keeps: original, path: path)
        _ = try Registry.decode(Data(result), source: path, directory: directory, plugins: plugins, context: context)
        var status = stat()
        let mode = stat(absolute, &status) == 0 ? status.st_mode & 0o7777 : 0o644
        try write(String(decoding: result, as: UTF8.self), to: absolute, mode: mode, label: path)
        return written
    }

    /// Uses a store the file already declares with the same definition, and renames a new store whose
    /// name the file uses for another one.
    private static func reconcilingStores(_ entry: CozeSDKImport, with existing: [String: JSONValue]) -> CozeSDKImport {
        var result = entry
        result.keyStores = [:]
        for (name, definition) in entry.keyStores.sorted(by: { $0.key < $1.key }) {
            var chosen = name
            if existing[name] != definition {
                if let same = existing.keys.sorted().first(where: { existing[$0] == definition }) {
                    chosen = same
                } else {
                    var counter = 2
                    while existing[chosen] != nil { chosen = "\(name)-\(counter)"; counter += 1 }
                }
            }
            result.keyStores[chosen] = definition
            for (key, value) in result.provider {
                if case .object(var reference) = value, reference["store"] == .string(name) {
                    reference["store"] = .string(chosen)
                    result.provider[key] = .object(reference)
                }
            }
        }
        return result
    }

    /// The edit that adds `members` at the end of the object `spans`.
    private static func insertion(_ members: [(String, JSONValue)], into spans: JSONObjectSpans, _ bytes: [UInt8]) -> (range: Range<Int>, text: String) {
        if let last = spans.members.last {
            let indent = lineIndent(bytes, at: last.keyStart)
            let text = members.map { ",\n" + indent + RegistryJSONText.member($0.0, $0.1, indent: indent) }.joined()
            return (last.end..<last.end, text)
        }
        let outer = lineIndent(bytes, at: spans.open)
        let indent = outer + "  "
        let text = "\n" + members.map { indent + RegistryJSONText.member($0.0, $0.1, indent: indent) }.joined(separator: ",\n") + "\n" + outer
        return ((spans.open + 1)..<spans.close, text)
    }

    /// The spaces and tabs that start the line holding `index`.
    private static func lineIndent(_ bytes: [UInt8], at index: Int) -> String {
        var start = index
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = start
        while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private static func firstNonSpace(_ bytes: [UInt8]) -> Int {
        bytes.firstIndex { !(($0 == 0x20) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) } ?? 0
    }

    /// Checks that the edited document still holds every original member with its value.
    private static func verify(_ result: [UInt8], keeps original: [String: JSONValue], path: String) throws {
        guard let edited = JSONValue.parse(result)?.object else {
            throw RegistrySetupError(.writeFailed, "adding the entry to \(path) would not give valid JSON; nothing was changed (please report this)")
        }
        for (key, value) in original {
            guard let now = edited[key] else {
                throw RegistrySetupError(.writeFailed, "adding the entry to \(path) would lose \(key); nothing was changed (please report this)")
            }
            if case .object(let before) = value, case .object(let after) = now {
                if before.contains(where: { after[$0.key] != $0.value }) {
                    throw RegistrySetupError(.writeFailed, "adding the entry to \(path) would change \(key); nothing was changed (please report this)")
                }
            } else if now != value {
                throw RegistrySetupError(.writeFailed, "adding the entry to \(path) would change \(key); nothing was changed (please report this)")
            }
        }
    }

    private static func write(_ text: String, to path: String, mode: mode_t, label: String) throws {
        do {
            try SecretFileWriter.write(SecretBytes(utf8: text), to: path, replace: true, mode: mode)
        } catch {
            throw RegistrySetupError(.writeFailed, "cannot write \(label): \(error)", underlying: error)
        }
    }
}
