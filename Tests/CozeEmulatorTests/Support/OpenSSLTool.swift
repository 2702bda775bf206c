import Foundation

/// Runs the `openssl` command-line tool, so test keys and signatures come from outside Sesame's code.
///
/// Input and output go through files: reading pipes with Foundation's FileHandle can trap on EINTR.
enum OpenSSLTool {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `openssl arguments`; throws when it exits non-zero.
    static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.joined(separator: " ")) exited with status \(process.terminationStatus)")
        }
    }

    /// Writes a new RSA-2048 private key (PKCS#8) to `privatePath` and its public key to `publicPath`.
    static func generateKeyPair(privatePath: String, publicPath: String) throws {
        try run(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", privatePath])
        try run(["pkey", "-in", privatePath, "-pubout", "-out", publicPath])
    }

    /// The RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signature of `message` by the key at `privatePath`.
    static func sign(_ message: [UInt8], privateKeyPath: String) throws -> [UInt8] {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sign-\(UUID().uuidString)").path
        let input = base + ".in", output = base + ".sig"
        defer {
            try? FileManager.default.removeItem(atPath: input)
            try? FileManager.default.removeItem(atPath: output)
        }
        guard FileManager.default.createFile(atPath: input, contents: Data(message)) else {
            throw Failure(description: "cannot write \(input)")
        }
        try run(["dgst", "-sha256", "-sign", privateKeyPath, "-out", output, input])
        guard let signature = FileManager.default.contents(atPath: output) else {
            throw Failure(description: "openssl wrote no signature")
        }
        return Array(signature)
    }
}
