import Foundation
import Sesame

/// An RSA-2048 key pair made by the `openssl` tool, not by the code under test, in files.
///
/// The private key file is PKCS#8 (`BEGIN PRIVATE KEY`, as Coze's console downloads it), mode 0600;
/// the public key file is SubjectPublicKeyInfo (`BEGIN PUBLIC KEY`). The other forms are made from
/// them with `openssl` on each call.
public struct TestKeyPair: Sendable {
    /// The private key's file: PKCS#8 PEM.
    public let privateKeyPath: String
    /// The public key's file: SubjectPublicKeyInfo PEM.
    public let publicKeyPath: String
    /// The private key as PKCS#8 PEM text.
    public let privatePEM: String
    /// The public key as SubjectPublicKeyInfo PEM text.
    public let publicPEM: String
    /// The public key, read by SesameJOSE.
    public let publicKey: RSAPublicKey

    /// Reads the pair written at `privateKeyPath` and `publicKeyPath`.
    init(privateKeyPath: String, publicKeyPath: String) throws {
        self.privateKeyPath = privateKeyPath
        self.publicKeyPath = publicKeyPath
        privatePEM = try String(contentsOfFile: privateKeyPath, encoding: .utf8)
        publicPEM = try String(contentsOfFile: publicKeyPath, encoding: .utf8)
        publicKey = try RSAPublicKey(pem: publicPEM)
    }

    /// The key's RFC 7638 thumbprint: the key ID Coze's console shows.
    public var thumbprint: String { publicKey.thumbprint }

    /// The private key, read by SesameJOSE.
    public func privateKey() throws -> RSAPrivateKey {
        try RSAPrivateKey(pem: SecretBytes(utf8: privatePEM))
    }

    /// The private key as PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`), converted by `openssl rsa -traditional`.
    public func pkcs1PEM() throws -> String {
        try OpenSSLCLI.succeed(["rsa", "-traditional", "-in", privateKeyPath]).text
    }

    /// The private key encrypted as PKCS#8 (`BEGIN ENCRYPTED PRIVATE KEY`, PBES2 with AES-256-CBC).
    public func encryptedPKCS8PEM(passphrase: String = TestKeys.passphrase) throws -> String {
        try OpenSSLCLI.succeed(["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", privateKeyPath, "-passout", "pass:\(passphrase)"]).text
    }

    /// The private key encrypted the legacy PKCS#1 way (`Proc-Type: 4,ENCRYPTED`, AES-256).
    public func encryptedPKCS1PEM(passphrase: String = TestKeys.passphrase) throws -> String {
        try OpenSSLCLI.succeed(["rsa", "-traditional", "-aes256", "-in", privateKeyPath, "-passout", "pass:\(passphrase)"]).text
    }

    /// The RS256 signature (RSASSA-PKCS1-v1_5 with SHA-256) of `message`, made by `openssl dgst`.
    public func signRS256(_ message: some Sequence<UInt8>) throws -> [UInt8] {
        Array(try OpenSSLCLI.succeed(["dgst", "-sha256", "-sign", privateKeyPath], input: Data(message)).stdout)
    }
}
