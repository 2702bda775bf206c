import Foundation
import SesameJOSE

/// An RSA key pair made by the openssl tool, in files.
struct TestKeyPair: Sendable {
    let privateKeyPath: String
    let publicKeyPath: String
    let publicKey: RSAPublicKey

    /// The key's RFC 7638 thumbprint, the key ID Coze's console shows.
    var thumbprint: String { publicKey.thumbprint }

    /// The public key as PEM text.
    var publicPEM: String { (try? String(contentsOfFile: publicKeyPath, encoding: .utf8)) ?? "" }
}

/// Key pairs shared by all tests: generating RSA keys is slow.
enum TestKeys {
    /// The folder holding the shared keys (removed at process exit by the OS's temp cleaning).
    static let folder: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coze-emulator-tests-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    private static let pairs: Result<[TestKeyPair], any Error> = Result {
        try (0..<3).map { index in
            let privatePath = "\(folder)/key\(index).pem", publicPath = "\(folder)/key\(index).pub.pem"
            try OpenSSLTool.generateKeyPair(privatePath: privatePath, publicPath: publicPath)
            return TestKeyPair(
                privateKeyPath: privatePath,
                publicKeyPath: publicPath,
                publicKey: try RSAPublicKey(pem: String(contentsOfFile: publicPath, encoding: .utf8))
            )
        }
    }

    /// The `index`-th shared key pair (0, 1 or 2).
    static func pair(_ index: Int) throws -> TestKeyPair {
        try pairs.get()[index]
    }
}
