import Foundation
import Sesame
import SesameFileTokenCache
import SesameTestSupport
import Testing

@Suite("file token cache: entries, permissions, locks, failures")
struct FileTokenStoreTests {
    static let key = SharedTokenKey(provider: "coze-cn", request: TokenRequest(sessionName: "alice"), configurationFingerprint: "fp-1")

    static func token(_ value: String = "stored-token", expiresIn seconds: TimeInterval = 900, now: Date = Date()) -> AccessToken {
        AccessToken(value: value, expiresAt: now + seconds, issuedAt: now)
    }

    static func put(_ token: AccessToken, in store: FileTokenStore, key: SharedTokenKey = key) async throws {
        try await store.withLock(on: key, timeout: .seconds(5)) { try await $0.store(token) }
    }

    /// A provider over `store` logging to `log`.
    static func shared(_ store: FileTokenStore, _ inner: CountingProvider, _ log: LogRecorder, lockTimeout: Duration = .seconds(5)) -> SharedTokenProvider {
        SharedTokenProvider(provider: inner, store: store, name: "coze-cn", configurationFingerprint: "fp-1", lockTimeout: lockTimeout, logger: log.logger)
    }

    @Test("a stored token reads back; the folder (and its missing parents) is created 0700, the entry 0600, and holds no session name")
    func roundTrip() async throws {
        let folder = try TemporaryFolder()
        let store = FileTokenStore(directory: folder.file("a/b/cache"))
        #expect(try await store.token(for: Self.key) == nil, "no folder yet: nothing stored, nothing created")
        #expect(!folder.exists("a"))
        let token = Self.token()
        try await Self.put(token, in: store)
        let read = try #require(try await store.token(for: Self.key))
        #expect(read.value == token.value)
        #expect(read.type == "Bearer")
        #expect(abs(read.expiresAt.timeIntervalSince(token.expiresAt)) < 0.001)
        #expect(abs(read.issuedAt.timeIntervalSince(token.issuedAt)) < 0.001)
        for path in ["a", "a/b", "a/b/cache"] {
            #expect(try TemporaryFolder.mode(of: folder.file(path)) == 0o700, "\(path)")
        }
        let entry = "a/b/cache/\(Self.key.digest).json"
        #expect(try TemporaryFolder.mode(of: folder.file(entry)) == 0o600)
        #expect(try TemporaryFolder.mode(of: folder.file("a/b/cache/\(Self.key.digest).lock")) == 0o600)
        let object = try #require(try JSONSerialization.jsonObject(with: folder.read(entry)) as? [String: Any])
        #expect(Set(object.keys) == ["version", "key", "provider", "fingerprint", "type", "value", "expiresAt", "issuedAt"])
        #expect(object["key"] as? String == Self.key.digest)
        #expect(object["provider"] as? String == "coze-cn")
        #expect(object["fingerprint"] as? String == "fp-1")
        #expect(!(try folder.text(entry)).contains("alice"))
        #expect(try folder.entries(in: "a/b/cache").filter { $0.contains(".tmp-") }.isEmpty)
    }

    @Test("a folder group or others can reach is refused with the chmod that fixes it; the provider still mints", arguments: [0o755 as mode_t, 0o750, 0o701])
    func insecureFolder(mode: mode_t) async throws {
        let folder = try TemporaryFolder()
        let path = try folder.makeDirectory("cache", mode: mode)
        let store = FileTokenStore(directory: path)
        let error = await #expect(throws: FileTokenStoreError.self) { try await store.token(for: Self.key) }
        #expect(error?.code == .insecureFolder)
        #expect(error?.message.contains("chmod 700 \(path)") == true)
        await #expect(throws: FileTokenStoreError.self) { try await Self.put(Self.token(), in: store) }

        let inner = CountingProvider()
        let log = LogRecorder()
        let provider = Self.shared(store, inner, log)
        for _ in 0..<3 { _ = try await provider.fetchToken(TokenRequest()) }
        #expect(inner.exchanges == 3)
        let warnings = log.lines.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("chmod 700") == true)
        #expect(try folder.entries(in: "cache").isEmpty, "nothing written to an unsafe folder")
    }

    @Test("a file where the folder should be: unusableFolder, and the provider still mints")
    func fileInsteadOfFolder() async throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("not a folder", to: "cache")
        let store = FileTokenStore(directory: path)
        let error = await #expect(throws: FileTokenStoreError.self) { try await Self.put(Self.token(), in: store) }
        #expect(error?.code == .unusableFolder)
        let inner = CountingProvider()
        #expect(try await Self.shared(store, inner, LogRecorder()).fetchToken(TokenRequest()).value == "minted-1")
    }

    @Test("a corrupted entry: a store error, so the provider mints, warns once, overwrites it, and says when the cache works again", arguments: [
        "{\"version\": 1, \"value\": ",
        "garbage",
        "",
        "{\"version\": 2}",
    ])
    func corruptedEntry(contents: String) async throws {
        let folder = try TemporaryFolder()
        let store = FileTokenStore(directory: folder.path)
        try folder.write(contents, to: "\(Self.key.digest).json")
        let error = await #expect(throws: FileTokenStoreError.self) { try await store.token(for: Self.key) }
        #expect(error?.code == .corruptedEntry)

        let inner = CountingProvider()
        let log = LogRecorder()
        let key = SharedTokenKey(provider: "coze-cn", request: TokenRequest(), configurationFingerprint: "fp-1")
        try folder.write(contents, to: "\(key.digest).json")
        let provider = Self.shared(store, inner, log)
        #expect(try await provider.fetchToken(TokenRequest()).value == "minted-1")
        #expect(try await provider.fetchToken(TokenRequest()).value == "minted-1", "overwritten: served from the file")
        #expect(inner.exchanges == 1)
        let warnings = log.lines.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("the next token stored replaces it") == true)
        #expect(log.lines.filter { $0.message == "shared token cache works again" }.count == 1)
        for line in log.lines { #expect(!line.text.contains("minted-"), "\(line.text)") }
    }

    @Test("an entry with group/other permission bits, a symlink, or another key's entry is not served")
    func untrustedEntries() async throws {
        let folder = try TemporaryFolder()
        let store = FileTokenStore(directory: folder.path)
        let other = SharedTokenKey(provider: "coze-cn", request: TokenRequest(), configurationFingerprint: "fp-2")
        try await Self.put(Self.token("other-token"), in: store, key: other)
        let entry = "\(Self.key.digest).json"

        try FileManager.default.copyItem(atPath: folder.file("\(other.digest).json"), toPath: folder.file(entry))
        let copied = await #expect(throws: FileTokenStoreError.self) { try await store.token(for: Self.key) }
        #expect(copied?.message.contains("was stored under another key") == true)

        try TemporaryFolder.setMode(0o644, of: folder.file(entry))
        let readable = await #expect(throws: FileTokenStoreError.self) { try await store.token(for: Self.key) }
        #expect(readable?.code == .corruptedEntry)
        #expect(readable?.message.contains("mode 0644") == true)

        try FileManager.default.removeItem(atPath: folder.file(entry))
        try FileManager.default.createSymbolicLink(atPath: folder.file(entry), withDestinationPath: folder.file("\(other.digest).json"))
        let linked = await #expect(throws: FileTokenStoreError.self) { try await store.token(for: Self.key) }
        #expect(linked?.message.contains("symbolic link") == true)
    }

    @Test("a full disk: diskFull, the previous entry intact, no temporary file left; the provider returns its token, warns once, recovers")
    func fullDisk() async throws {
        let folder = try TemporaryFolder()
        let faults = FaultSwitch()
        let store = FileTokenStore(directory: folder.path, faults: faults.faults, now: { Date() })
        try await Self.put(Self.token("old-token", expiresIn: 30), in: store)
        let before = try folder.read("\(Self.key.digest).json")

        faults.set(.write, ENOSPC)
        let error = await #expect(throws: FileTokenStoreError.self) { try await Self.put(Self.token("new-token"), in: store) }
        #expect(error?.code == .diskFull)
        #expect(error?.message.contains("no space left on the device holding \(folder.path)") == true)
        #expect(try folder.read("\(Self.key.digest).json") == before)
        #expect(try folder.entries().filter { $0.contains(".tmp-") }.isEmpty)

        let inner = CountingProvider()
        let log = LogRecorder()
        let provider = Self.shared(store, inner, log)
        #expect(try await provider.fetchToken(TokenRequest()).value == "minted-1")
        #expect(try await provider.fetchToken(TokenRequest()).value == "minted-2", "nothing could be stored")
        let warnings = log.lines.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("no space left") == true)

        faults.set(.write, nil)
        #expect(try await provider.fetchToken(TokenRequest()).value == "minted-3")
        #expect(try await provider.fetchToken(TokenRequest()).value == "minted-3")
        #expect(log.lines.filter { $0.message == "shared token cache works again" }.count == 1)
        for line in log.lines { #expect(!line.text.contains("minted-"), "\(line.text)") }
    }

    @Test("an unwritable folder (no lock file, no entry file can be created): the provider mints and warns once per cause")
    func unwritableFolder() async throws {
        let folder = try TemporaryFolder()
        let faults = FaultSwitch()
        faults.set(.openLock, EACCES)
        faults.set(.createTemporary, EACCES)
        let store = FileTokenStore(directory: folder.path, faults: faults.faults, now: { Date() })
        let inner = CountingProvider()
        let log = LogRecorder()
        let provider = Self.shared(store, inner, log)
        for _ in 0..<3 { _ = try await provider.fetchToken(TokenRequest()) }
        #expect(inner.exchanges == 3)
        let warnings = log.lines.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("Permission denied") == true)

        faults.set(.openLock, nil)
        _ = try await provider.fetchToken(TokenRequest())
        #expect(log.lines.filter { $0.level == .warning }.count == 2, "a new cause: the entry cannot be written")
        #expect(log.lines.filter { $0.level == .warning }.last?.metadata["cause"]?.hasSuffix("writeFailed") == true)
    }

    @Test("the lock excludes a second holder until released, and a wait past the timeout is lockTimeout naming the holder", .timeLimit(.minutes(2)))
    func lockExcludes() async throws {
        let folder = try TemporaryFolder()
        let store = FileTokenStore(directory: folder.path)
        let (held, heldContinuation) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await store.withLock(on: Self.key, timeout: .seconds(5)) { _ in
                heldContinuation.yield()
                for await _ in release { break }
            }
        }
        for await _ in held { break }
        let started = ContinuousClock.now
        let error = await #expect(throws: FileTokenStoreError.self) {
            try await store.withLock(on: Self.key, timeout: .milliseconds(200)) { _ in }
        }
        #expect(ContinuousClock.now - started >= .milliseconds(200))
        #expect(error?.code == .lockTimeout)
        #expect(error?.message.contains("pid \(getpid())") == true)
        #expect(error?.message.contains("0.2 s") == true)

        let other = SharedTokenKey(provider: "coze-cn", request: TokenRequest(), configurationFingerprint: "fp-1")
        try await store.withLock(on: other, timeout: .milliseconds(200)) { _ in }

        let waiter = Task { try await store.withLock(on: Self.key, timeout: .seconds(10)) { _ in ContinuousClock.now } }
        try await Task.sleep(for: .milliseconds(100))
        let released = ContinuousClock.now
        releaseContinuation.finish()
        try await holder.value
        let acquired = try await waiter.value
        #expect(acquired >= released)
    }

    @Test("a sweep removes expired and corrupted entries with their locks, lock files without an entry, and dead writers' temporaries; fresh entries stay")
    func sweep() async throws {
        let folder = try TemporaryFolder()
        let clock = TestClock()
        let store = FileTokenStore(directory: folder.path, faults: .none, now: clock.closure)
        let expiring = SharedTokenKey(provider: "a", request: TokenRequest(), configurationFingerprint: "f")
        let lasting = SharedTokenKey(provider: "b", request: TokenRequest(), configurationFingerprint: "f")
        let trigger = SharedTokenKey(provider: "c", request: TokenRequest(), configurationFingerprint: "f")
        try await Self.put(Self.token(expiresIn: 60, now: clock.now), in: store, key: expiring)
        try await Self.put(Self.token(expiresIn: 86_400, now: clock.now), in: store, key: lasting)
        try folder.write("garbage", to: "corrupt.json")
        try folder.write("", to: "orphan.lock")
        try folder.write("half an entry", to: ".dead.tmp-1-2")
        let old = Date().addingTimeInterval(-3600)
        for name in ["orphan.lock", ".dead.tmp-1-2"] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: folder.file(name))
        }
        clock.advance(by: 3600)
        try folder.write("", to: "young.lock")
        try FileManager.default.setAttributes([.modificationDate: clock.now], ofItemAtPath: folder.file("young.lock"))
        try await Self.put(Self.token(expiresIn: 900, now: clock.now), in: store, key: trigger)
        let names = Set(try folder.entries())
        #expect(!names.contains("\(expiring.digest).json"))
        #expect(!names.contains("\(expiring.digest).lock"))
        #expect(!names.contains("corrupt.json"))
        #expect(!names.contains("orphan.lock"))
        #expect(!names.contains(".dead.tmp-1-2"))
        #expect(names.contains("young.lock"), "a lock file without an entry may be a key being locked right now")
        #expect(names.isSuperset(of: ["\(lasting.digest).json", "\(trigger.digest).json", ".last-sweep"]))
        #expect(try await store.token(for: lasting) != nil)
    }
}
