import Foundation

/// A process started in a new session whose controlling terminal, stdin, stdout and stderr are a
/// fresh pseudo-terminal; the test holds the master side.
final class PseudoTerminal: @unchecked Sendable {
    struct SetupFailure: Error, CustomStringConvertible {
        let description: String
    }

    let master: Int32
    let pid: pid_t
    private var shown = ""

    /// Starts `path ARGUMENTS` with exactly `environment`.
    init(_ path: String, _ arguments: [String], environment: [String: String]) throws {
        let master = LibC.openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, LibC.grantpt(master) == 0, LibC.unlockpt(master) == 0, let name = LibC.ptsname(master) else {
            throw SetupFailure(description: "cannot open a pseudo-terminal: errno \(errno)")
        }
        let slave = String(cString: name)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (0x80): the child leads a new session, so the first terminal it opens
        // becomes its controlling terminal (glibc runs setsid before the file actions).
        // POSIX_SPAWN_SETSIGMASK and POSIX_SPAWN_SETSIGDEF: the spawning thread (a pool thread of
        // this test process) blocks most signals, and a child inherits that mask; without these, the
        // SIGTERM a test sends would never arrive.
        posix_spawnattr_setflags(&attributes, Int16(0x80 | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)
        // The child must not hold other tests' pipes open (their readers would never see the end).
        _ = LibC.addCloseFrom(&actions, 3)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard status == 0 else {
            close(master)
            throw SetupFailure(description: "posix_spawn \(path) failed: \(status)")
        }
        self.master = master
        self.pid = pid
    }

    deinit {
        close(master)
    }

    /// Reads what the terminal shows until `text` has appeared; `false` at end of output.
    func waitFor(_ text: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while !shown.contains(text) {
            let count = read(master, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            shown += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return true
    }

    /// Everything the terminal showed so far (after reading to the end when `drain`).
    func output(drain: Bool) -> String {
        if drain { _ = waitFor("\u{0}never\u{0}") }
        return shown
    }

    /// Types `text`.
    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Whether the terminal echoes typed characters right now.
    var echoes: Bool {
        var settings = termios()
        guard tcgetattr(master, &settings) == 0 else { return true }
        return settings.c_lflag & tcflag_t(ECHO) != 0
    }

    /// Waits for the process; its raw wait status.
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }
}

/// The pseudo-terminal functions of libc, which Swift's Glibc module does not export.
private enum LibC {
    typealias IntFunction = @convention(c) (Int32) -> Int32
    typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    static let openpt = function("posix_openpt", as: IntFunction.self)
    static let grantpt = function("grantpt", as: IntFunction.self)
    static let unlockpt = function("unlockpt", as: IntFunction.self)
    static let ptsname = function("ptsname", as: NameFunction.self)
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34).
    static let addCloseFrom = function(
        "posix_spawn_file_actions_addclosefrom_np", as: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self
    )

    private static func function<T>(_ name: String, as type: T.Type) -> T {
        guard let symbol = dlsym(nil, name) else { fatalError("libc has no \(name)") }
        return unsafeBitCast(symbol, to: type)
    }
}
