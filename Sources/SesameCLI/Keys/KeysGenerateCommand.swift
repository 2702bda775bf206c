import ArgumentParser
import Foundation
import Sesame

/// `sesame keys generate --out F`.
struct KeysGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate an RSA key pair; print the public key to upload to Coze.",
        discussion: """
        The private key file is created with mode 0600 from its first byte and never overwrites an \
        existing file unless --force is given. Stdout gets the public key PEM (paste it into the \
        app's "public key" field in the Coze console) and its RFC 7638 thumbprint.
          sesame keys generate --out keys/coze-cn.pem --public-out keys/coze-cn.pub.pem
        """
    )

    @Option(help: ArgumentHelp("Where to write the private key (created 0600).", valueName: "file"))
    var out: String

    @Option(help: ArgumentHelp("Key size: 2048, 3072 or 4096.", valueName: "bits"))
    var bits = 2048

    @Option(name: .customLong("public-out"), help: ArgumentHelp("Also write the public key PEM here.", valueName: "file"))
    var publicOut: String?

    @Option(help: ArgumentHelp("Private key format: pkcs8 (PEM label PRIVATE KEY, as Coze downloads) or pkcs1 (PEM label RSA PRIVATE KEY).", valueName: "format"))
    var format: PrivateKeyEncoding = .pkcs8

    @Flag(help: "Replace existing files.")
    var force = false

    func validate() throws {
        guard [2048, 3072, 4096].contains(bits) else {
            throw ValidationError("--bits must be 2048, 3072 or 4096, got \(bits)")
        }
        if let publicOut, Self.absolute(publicOut) == Self.absolute(out) {
            throw ValidationError("--public-out and --out name the same file, so the public key would replace the private key; give the public key its own file (e.g. \(out).pub)")
        }
    }

    func run() throws {
        // Both folders are checked before anything is written, so a bad --public-out cannot leave a
        // private key behind.
        for path in [out] + (publicOut.map { [$0] } ?? []) {
            let folder = (Self.absolute(path) as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CommandFailure(message: "the folder of \(path) does not exist; create it (mkdir -p \(folder)) or choose another path; nothing was written")
            }
        }
        // A write killed by SIGKILL or a crash left its temporary file (a whole private key, perhaps);
        // its process is gone, so it is identifiably stale.
        for path in [out] + (publicOut.map { [$0] } ?? []) {
            for file in SecretFileWriter.removeStaleTemporaryFiles(for: path) {
                Terminal.printError("removed \(file), left by an interrupted earlier run")
            }
        }
        let privateExisted = FileManager.default.fileExists(atPath: out)
        let (out, publicOut) = (out, publicOut)
        let publicKey = try InterruptCleanup.during({
            let key = try RSAPrivateKey.generate(bits: bits)
            try SecretFileWriter.write(try key.pem(format), to: out, replace: force)
            if let publicOut {
                do {
                    try SecretFileWriter.write(SecretBytes(utf8: key.publicKey.pem), to: publicOut, replace: force)
                } catch {
                    // Keep the two files consistent: a new private key without its public half is removed.
                    if !privateExisted { try? FileManager.default.removeItem(atPath: out) }
                    let kept = privateExisted ? "the private key in \(out) was replaced" : "the new private key was removed"
                    throw CommandFailure(message: "\(error); \(kept)")
                }
            }
            return key.publicKey
        }, cleanup: {
            // This process's temporary files only: the key being written, never a finished file.
            for path in [out] + (publicOut.map { [$0] } ?? []) {
                for file in SecretFileWriter.temporaryFiles(for: path, pid: getpid()) { unlink(file) }
            }
        })
        Terminal.print(publicKey.pem.trimmingCharacters(in: .newlines))
        Terminal.print("thumbprint (RFC 7638): \(publicKey.thumbprint)")
        Terminal.printError("wrote \(bits)-bit private key to \(out) (mode 0600)\(publicOut.map { " and public key to \($0)" } ?? "")")
    }
}

extension KeysGenerateCommand {
    /// `path` made absolute against the working folder, with `.` and `..` resolved.
    static func absolute(_ path: String) -> String {
        let base = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (base as NSString).standardizingPath
    }
}

extension PrivateKeyEncoding: ExpressibleByArgument {}
