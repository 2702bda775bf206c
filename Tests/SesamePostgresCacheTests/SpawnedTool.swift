import Foundation
import SesameTestSupport

/// A child process started with `posix_spawn` and reaped with `waitpid`, for the PostgreSQL tools.
///
/// Not Foundation's `Process`: it missed the exit of `runuser` (left a zombie) and its
/// `waitUntilExit` then spun for ever. The child gets no descriptor of this process but the three it
/// is given (every other one is marked close-on-exec first, as `Process.runIsolated()` does), so a
/// server it starts (`pg_ctl start`) never holds one of the tests' sockets open.
struct SpawnedTool: Sendable {
    /// The child's process ID.
    let pid: pid_t
    /// The write end of the child's standard input, when it was asked for (else `/dev/null`).
    let input: Int32?

    /// Starts `arguments[0]` (an absolute path) with `arguments`; standard output and error go to
    /// `output` and `errors` (files), standard input comes from a pipe when `withInput`.
    static func start(_ arguments: [String], output: String, errors: String, withInput: Bool = false) throws -> SpawnedTool {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipeEnds: [Int32] = [-1, -1]
        if withInput {
            guard pipe(&pipeEnds) == 0 else { throw TestSetupError("pipe failed: errno \(errno)") }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        markCloseOnExec()
        let status = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
        if withInput { close(pipeEnds[0]) }
        guard status == 0 else {
            if withInput { close(pipeEnds[1]) }
            throw TestSetupError("cannot start \(arguments[0]): errno \(status)")
        }
        return SpawnedTool(pid: pid, input: withInput ? pipeEnds[1] : nil)
    }

    /// Marks every descriptor above standard error close-on-exec (the child's own are set up by the
    /// file actions, after this).
    private static func markCloseOnExec() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for descriptor in entries.compactMap(Int32.init) where descriptor > 2 {
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// Writes `text` to the child's standard input.
    func write(_ text: String) throws {
        guard let input else { throw TestSetupError("the child was started without an input pipe") }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(input, $0.baseAddress, $0.count) }
            guard written > 0 else { throw TestSetupError("writing to the child failed: errno \(errno)") }
            offset += written
        }
    }

    /// Waits for the child to end (on a thread of its own) and returns its exit status, or 128+N
    /// when signal N ended it.
    func wait() async -> Int32 {
        let pid = self.pid
        let input = self.input
        return await offPool {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            if let input { close(input) }
            let signal = status & 0x7f
            return signal == 0 ? (status >> 8) & 0xff : 128 + signal
        }
    }

    /// Sends SIGKILL, as a crash would end the process, and waits for it to end.
    func kill() async {
        _ = Glibc.kill(pid, SIGKILL)
        _ = await wait()
    }

    /// Runs `arguments` to its end; returns its standard output.
    ///
    /// - Throws: ``TestSetupError`` with its standard error when it exits with a non-zero status.
    static func run(_ arguments: [String]) async throws -> String {
        let folder = try TemporaryFolder(prefix: "sesame-tool")
        let child = try start(arguments, output: folder.file("out"), errors: folder.file("err"))
        let status = await child.wait()
        let output = (try? folder.text("out")) ?? ""
        guard status == 0 else {
            let errors = (try? folder.text("err")) ?? ""
            throw TestSetupError("\(arguments.joined(separator: " ")) exited with \(status): \(errors)")
        }
        return output
    }
}
