import Foundation
import Sesame
import Synchronization

/// RSA key pairs shared by the tests of one process, made by the `openssl` tool; each index is
/// generated once, on first use.
///
/// Different indexes are different keys. The files live in ``folder`` for the whole run.
public enum TestKeys {
    /// The passphrase the encrypted forms of ``TestKeyPair`` use by default.
    public static let passphrase = "correct horse battery staple"

    /// The folder (mode 0700) that holds the generated key files.
    public static let folder: String = {
        let path = FileManager.default.temporaryDirectory.resolvingSymlinksInPath()
            .appendingPathComponent("sesame-test-keys-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }()

    private static let pairs = Mutex<[Int: TestKeyPair]>([:])

    /// The `index`-th shared key pair, generated with `openssl genpkey` on first use.
    ///
    /// Blocks the calling thread while a new pair is generated (``shared(_:)`` does not).
    ///
    /// - Throws: ``OpenSSLCLIError`` when `openssl` fails.
    public static func pair(_ index: Int = 0) throws -> TestKeyPair {
        if let pair = pairs.withLock({ $0[index] }) { return pair }
        // Generated outside the lock (it takes a while); if two callers race, the first stored wins
        // and both return it, so an index always means one key.
        let base = "\(folder)/key\(index)-\(UUID().uuidString)"
        let privatePath = base + ".pem", publicPath = base + ".pub.pem"
        try OpenSSLCLI.succeed(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", privatePath])
        try TemporaryFolder.setMode(0o600, of: privatePath)
        try OpenSSLCLI.succeed(["pkey", "-in", privatePath, "-pubout", "-out", publicPath])
        let generated = try TestKeyPair(privateKeyPath: privatePath, publicKeyPath: publicPath)
        return pairs.withLock { stored in
            if let existing = stored[index] { return existing }
            stored[index] = generated
            return generated
        }
    }

    /// The private key of the `index`-th shared pair, read by SesameJOSE.
    ///
    /// The pair is generated on a thread of its own (``offPool``): a blocked executor thread (there are
    /// two on a two-core machine) would starve an in-process emulator under test.
    public static func shared(_ index: Int = 0) async throws -> RSAPrivateKey {
        try await offPool { try pair(index).privateKey() }
    }
}
