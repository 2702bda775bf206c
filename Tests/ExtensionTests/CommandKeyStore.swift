import Foundation
import SesameTestSupport
import Sesame
import Synchronization

/// A key store written outside Sesame, the way a third party would: each secret is the output of a
/// command, like AWS `credential_process`.
///
/// ```json
/// "keyStores": { "pass": { "type": "command", "command": ["/usr/bin/pass", "show", "oauth/{name}"], "timeout": 10 } }
/// ```
/// `command` is an argv array run directly, without a shell unless the user writes one
/// (`["/bin/sh", "-c", "..."]`). The entry name replaces `{name}` in any argument and is also in the
/// command's environment as `SESAME_KEY_NAME`. Standard output, without one trailing line break, is
/// the secret. A non-zero exit, a timeout or empty output is a ``KeyStoreError``; standard error only
/// ever appears as a short excerpt of its first line.
struct CommandKeyStore: KeyStore, CustomStringConvertible {
    /// The store's name in `keyStores`, for messages.
    let storeName: String
    /// The argv; the first element is an absolute path.
    let command: [String]
    /// How long the command may run.
    let timeout: Duration

    /// `command`: `command` (required, an argv array with an absolute program path), `timeout`
    /// (seconds, 1-300, default 10).
    static let factory = KeyStoreFactory(type: "command", summary: "secrets printed by a command (like AWS credential_process)") { section, name in
        let command = section.strings("command", required: true)
        let timeout = section.integer("timeout", in: 1...300)
        guard let command else { return nil }
        guard command[0].hasPrefix("/") else {
            section.report("command", "the program \"\(command[0])\" must be an absolute path, e.g. \"/usr/bin/\(command[0])\" (no PATH lookup, no shell)")
            return nil
        }
        return CommandKeyStore(storeName: name, command: command, timeout: .seconds(timeout ?? 10))
    }

    func secret(named name: String) async throws -> SecretBytes {
        let arguments = command.map { $0.replacingOccurrences(of: "{name}", with: name) }
        let program = (arguments[0] as NSString).lastPathComponent
        let what = "key store \(storeName): \(program), for entry \"\(name)\","
        switch await Self.run(arguments, name: name, timeout: timeout) {
        case .failedToStart(let reason):
            throw KeyStoreError(.unreadable, "\(what) cannot be started (\(reason)); check that command[0] is an executable file")
        case .timedOut:
            throw KeyStoreError(.unreadable, "\(what) did not finish within \(timeout.components.seconds) s and was stopped; check that it runs without prompting, or raise timeout")
        case .finished(let status, var output, let errors) where status != 0:
            output.resetBytes(in: 0..<output.count)
            let excerpt = Self.excerpt(errors).map { ": \"\($0)\"" } ?? " (nothing on stderr)"
            throw KeyStoreError(.unreadable, "\(what) exited with status \(status)\(excerpt); run the command yourself to see why")
        case .finished(_, var output, _):
            defer { output.resetBytes(in: 0..<output.count) }
            var length = output.count
            if length > 0, output[length - 1] == 0x0A { length -= 1 }
            if length > 0, output[length - 1] == 0x0D { length -= 1 }
            guard length > 0 else {
                throw KeyStoreError(.notFound, "\(what) printed nothing on stdout; the entry does not exist, or the command writes the secret elsewhere")
            }
            return SecretBytes(copying: output.prefix(length))
        }
    }

    var description: String { "command \(command[0])" }

    // MARK: - Running the command

    private enum Outcome: Sendable {
        case failedToStart(String)
        case timedOut
        case finished(status: Int32, stdout: Data, stderr: Data)
    }

    /// Runs `arguments` on a thread of its own (the waits block; on Linux the global dispatch queue is
    /// Swift concurrency's executor) and collects both outputs concurrently.
    private static func run(_ arguments: [String], name: String, timeout: Duration) async -> Outcome {
        await withCheckedContinuation { continuation in
            startBlockingThread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: arguments[0])
                process.arguments = Array(arguments.dropFirst())
                var environment = ProcessInfo.processInfo.environment
                environment["SESAME_KEY_NAME"] = name
                process.environment = environment
                let output = Pipe()
                let errors = Pipe()
                process.standardOutput = output
                process.standardError = errors
                process.standardInput = FileHandle.nullDevice
                let exited = DispatchSemaphore(value: 0)
                process.terminationHandler = { _ in exited.signal() }
                do {
                    try process.runIsolated()
                } catch {
                    continuation.resume(returning: .failedToStart(error.localizedDescription))
                    return
                }
                let collected = Mutex<(stdout: Data, stderr: Data)>((Data(), Data()))
                let readers = DispatchGroup()
                for (pipe, isOutput) in [(output, true), (errors, false)] {
                    readers.enter()
                    startBlockingThread {
                        let data = pipe.fileHandleForReading.readDataToEndOfFile()
                        collected.withLock { isOutput ? ($0.stdout = data) : ($0.stderr = data) }
                        readers.leave()
                    }
                }
                let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
                guard exited.wait(timeout: .now() + seconds) == .success else {
                    // The readers finish on their own once every writer of the pipes has exited.
                    process.terminate()
                    continuation.resume(returning: .timedOut)
                    return
                }
                readers.wait()
                let (stdout, stderr) = collected.withLock { ($0.stdout, $0.stderr) }
                continuation.resume(returning: .finished(status: process.terminationStatus, stdout: stdout, stderr: stderr))
            }
        }
    }

    /// The first non-empty line of `stderr`, printable, at most 120 characters.
    private static func excerpt(_ stderr: Data) -> String? {
        let text = String(decoding: stderr.prefix(4096), as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline).lazy.map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { !$0.isEmpty }) else {
            return nil
        }
        let printable = String(line.unicodeScalars.filter { $0.properties.generalCategory != .control }.map(Character.init))
        return printable.count > 120 ? String(printable.prefix(120)) + "…" : printable
    }
}
