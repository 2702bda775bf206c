#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SesameCore
import SesameVault
import Synchronization

/// Asks for a vault passphrase on the controlling terminal (`/dev/tty`) with echo off: the CLI's
/// last passphrase source (`vault-format.md` §5). The library never does this itself; the CLI, which
/// owns the process, hands ``ask`` to the vault's passphrase sources.
///
/// Used only when standard input is a terminal and `/dev/tty` opens; otherwise ``read(prompt:path:)``
/// returns `nil` at once, so a process without a terminal never blocks. The prompt goes to the
/// terminal, never to stdout. The typed bytes go straight into guarded memory, without normalisation.
/// The terminal's settings are restored on every exit, including SIGINT, SIGTERM, SIGHUP and SIGQUIT
/// (the handler restores them, then the signal's default action runs).
enum TerminalPrompt {
    /// The prompt as a vault passphrase source.
    static let ask: PassphraseResolver.Prompt = { prompt, path throws(VaultError) in
        try read(prompt: prompt, path: path)
    }

    // One prompt at a time: the signal handler restores the one terminal state it was given.
    private static let serial = Mutex(())

    /// Reads one line with echo off after writing `prompt`; `nil` when there is no terminal.
    ///
    /// - Parameter path: the vault, as named in errors.
    /// - Throws: ``VaultError`` `.passphraseTooLong` past 1,024 bytes, `.io` when reading fails.
    static func read(prompt: String, path: String) throws(VaultError) -> SecretBytes? {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return try serial.withLock { _ throws(VaultError) in try read(prompt: prompt, path: path, on: descriptor) }
    }

    private static func read(prompt: String, path: String, on descriptor: Int32) throws(VaultError) -> SecretBytes? {
        var saved = termios()
        guard tcgetattr(descriptor, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ECHOE | ECHOK | ECHONL)
        quiet.c_lflag |= tcflag_t(ICANON)
        let previous = installRestoringHandlers(descriptor: descriptor, state: saved)
        defer { removeRestoringHandlers(previous) }
        guard tcsetattr(descriptor, TCSAFLUSH, &quiet) == 0 else { return nil }
        defer {
            _ = tcsetattr(descriptor, TCSAFLUSH, &saved)
            writeText("\n", to: descriptor)
        }
        writeText(prompt, to: descriptor)
        return try readLine(descriptor, path: path)
    }

    private static func readLine(_ descriptor: Int32, path: String) throws(VaultError) -> SecretBytes {
        let limit = SecretFileReader.maxPassphraseLength
        var length = 0
        var overflow = false
        var failure: Int32 = 0
        // One spare byte past the limit receives (and discards) the overflow, so no typed byte ever
        // lands outside guarded memory.
        let line = SecretBytes(count: limit + 1) { buffer in
            while true {
                let slot = min(length, limit)
                let count = systemRead(descriptor, buffer.baseAddress! + slot, 1)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if count == 0 || buffer[slot] == UInt8(ascii: "\n") {
                    buffer[slot] = 0
                    return
                }
                if length < limit { length += 1 } else { overflow = true }
            }
        }
        if failure != 0 { throw .system("read a passphrase for", path, errorNumber: failure) }
        if overflow { throw .passphraseTooLong(path, source: "the terminal") }
        return line.prefix(length)
    }

    private static func writeText(_ text: String, to descriptor: Int32) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress!, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}

// MARK: - Restoring the terminal on a signal

private let restoredSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

// Read by the signal handler, which can capture nothing; written only under `TerminalPrompt.serial`.
// Process-wide state, as signal dispositions are: it belongs to the CLI, which owns the process.
nonisolated(unsafe) private var restoreDescriptor: Int32 = -1
// Heap memory of termios's full C stride: a Swift global of type termios is laid out with Swift's
// size (57 bytes on glibc), and assigning one copies the C struct's 60 (AddressSanitizer:
// global-buffer-overflow under `make sanitize`).
nonisolated(unsafe) private let restoreState: UnsafeMutablePointer<termios> = {
    let state = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    state.initialize(to: termios())
    return state
}()

private func installRestoringHandlers(descriptor: Int32, state: termios) -> [(Int32, sigaction)] {
    restoreDescriptor = descriptor
    restoreState.pointee = state
    var previous: [(Int32, sigaction)] = []
    for signalNumber in restoredSignals {
        var action = sigaction()
        #if canImport(Darwin)
        action.__sigaction_u.__sa_handler = restoreTerminalThenDie
        #else
        action.__sigaction_handler.sa_handler = restoreTerminalThenDie
        #endif
        // SA_RESETHAND is 0x80000000: not representable as a positive Int32.
        action.sa_flags = Int32(bitPattern: UInt32(truncatingIfNeeded: SA_RESETHAND))
        sigemptyset(&action.sa_mask)
        var old = sigaction()
        guard sigaction(signalNumber, nil, &old) == 0, !isIgnored(old) else { continue }
        if sigaction(signalNumber, &action, nil) == 0 {
            previous.append((signalNumber, old))
        }
    }
    return previous
}

/// A signal the process inherited as ignored (`nohup`, some supervisors) stays ignored.
private func isIgnored(_ action: sigaction) -> Bool {
    #if canImport(Darwin)
    let handler = action.__sigaction_u.__sa_handler
    #else
    let handler = action.__sigaction_handler.sa_handler
    #endif
    return handler.map { unsafeBitCast($0, to: Int.self) == 1 } ?? false
}

private func removeRestoringHandlers(_ previous: [(Int32, sigaction)]) {
    for (signalNumber, old) in previous {
        var action = old
        sigaction(signalNumber, &action, nil)
    }
    restoreDescriptor = -1
}

private func restoreTerminalThenDie(_ signalNumber: Int32) {
    if restoreDescriptor >= 0 {
        _ = tcsetattr(restoreDescriptor, TCSANOW, restoreState)
    }
    // SA_RESETHAND restored the default action; the signal is delivered again once this returns.
    raise(signalNumber)
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
