#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SesameCore

/// The store's folder and the names in it: `DIGEST.json` (an entry), `DIGEST.lock` (its lock),
/// `.DIGEST.tmp-PID-RANDOM` (an entry being written), `.last-sweep` (when expired entries were last removed).
///
/// The folder holds live bearer tokens, so it follows the secret-file policy: owned by the user, no
/// permission bit for group or others; created 0700 (parents too) when missing, refused otherwise.
struct FileTokenFolder: Sendable {
    /// The folder's absolute path.
    let path: String

    func entry(_ key: SharedTokenKey) -> String { "\(path)/\(key.digest).json" }
    func lock(_ key: SharedTokenKey) -> String { "\(path)/\(key.digest).lock" }
    func temporary(_ key: SharedTokenKey) -> String { "\(path)/.\(key.digest).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))" }
    var sweepMarker: String { "\(path)/.last-sweep" }

    /// Checks the folder before a read: `false` when it does not exist yet (nothing is stored).
    ///
    /// - Throws: ``FileTokenStoreError`` `.insecureFolder` or `.unusableFolder`, with the fix.
    func checkExisting() throws(FileTokenStoreError) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            if code == ENOENT { return false }
            throw unusable("cannot inspect", code)
        }
        try check(status)
        return true
    }

    /// Checks the folder before a write, creating it (and missing parents) with mode 0700.
    ///
    /// - Throws: ``FileTokenStoreError`` `.insecureFolder` or `.unusableFolder`, with the fix.
    func prepare() throws(FileTokenStoreError) {
        if try checkExisting() { return }
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0 {
                let code = errno
                guard code == EEXIST else { throw unusable("cannot create", code, at: prefix) }
            } else {
                _ = chmod(prefix, 0o700)
            }
        }
        guard try checkExisting() else { throw unusable("cannot create", ENOENT) }
    }

    private func check(_ status: stat) throws(FileTokenStoreError) {
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw FileTokenStoreError(.unusableFolder, "token cache folder \(path) is not a folder; remove it, or set \"directory\" in tokenCache to a folder")
        }
        let owner = UInt32(status.st_uid)
        let me = UInt32(geteuid())
        guard owner == me else {
            throw FileTokenStoreError(.insecureFolder, "token cache folder \(path) is owned by uid \(owner), not by you (uid \(me)), and would share your tokens; fix: chown \(me) \(path), or set \"directory\" in tokenCache to a folder of yours")
        }
        let mode = UInt32(status.st_mode) & 0o7777
        guard mode & 0o077 == 0 else {
            throw FileTokenStoreError(.insecureFolder, "token cache folder \(path) has mode \(SecretFileReader.octal(mode)), so group/others can reach the tokens in it; fix: chmod 700 \(path)")
        }
    }

    private func unusable(_ action: String, _ code: Int32, at place: String? = nil) -> FileTokenStoreError {
        let reason = String(cString: strerror(code))
        return FileTokenStoreError(
            .unusableFolder,
            "\(action) token cache folder \(place ?? path): \(reason); make it writable by you, or set \"directory\" in tokenCache to a folder you own",
            errorNumber: code
        )
    }
}
