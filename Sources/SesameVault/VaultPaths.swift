#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The files of one vault: `NAME`, `NAME.bak`, `NAME.lock`, `NAME.bak.tmp` and `.NAME.tmp-PID-RAND`.
///
/// `NAME` is resolved with `realpath` once per operation, so a symlinked vault stays a symlink and
/// the real file is replaced. Messages use ``display``, the path as the user wrote it.
package struct VaultPaths: Sendable {
    /// The path as given, for messages.
    let display: String
    /// The resolved vault file.
    let file: String
    /// The folder holding it.
    let directory: String
    /// Its last path component.
    let baseName: String

    /// The previous generation.
    var backup: String { file + ".bak" }
    /// The second link made while installing the backup.
    var backupTemporary: String { file + ".bak.tmp" }
    /// The writers' lock (never renamed or deleted).
    var lock: String { file + ".lock" }
    /// The prefix of temporary files, in ``directory``.
    var temporaryPrefix: String { "." + baseName + ".tmp-" }

    /// Resolves `path` (absolute, or relative to the working directory).
    package init(_ path: String) {
        display = path
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let resolved = Self.realPath(absolute) ?? {
            let parent = (absolute as NSString).deletingLastPathComponent
            let name = (absolute as NSString).lastPathComponent
            let folder = Self.realPath(parent) ?? parent
            return folder == "/" ? "/" + name : folder + "/" + name
        }()
        file = resolved
        directory = (resolved as NSString).deletingLastPathComponent
        baseName = (resolved as NSString).lastPathComponent
    }

    /// A fresh temporary path: `DIR/.NAME.tmp-PID-RAND`.
    func temporary(random: VaultRandom) -> String {
        let suffix = random.bytes(6).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        return directory + "/" + temporaryPrefix + "\(getpid())-" + suffix
    }

    /// The `.bak` of this vault as a vault of its own (for reading it with the same checks).
    var backupPaths: VaultPaths {
        VaultPaths(display: display + ".bak", file: backup, directory: directory, baseName: baseName + ".bak")
    }

    private init(display: String, file: String, directory: String, baseName: String) {
        self.display = display
        self.file = file
        self.directory = directory
        self.baseName = baseName
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
