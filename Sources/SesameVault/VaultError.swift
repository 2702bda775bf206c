#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SesameCore

/// A vault operation failed.
///
/// ``message`` says what failed, why, and the fix (format: `vault-format.md` §9). It never contains a
/// passphrase, a key, a value or any other plaintext: only paths, entry names (escaped), sizes, numbers
/// and the system's reason for an I/O failure. ``code`` classifies it; new codes may be added without
/// breaking callers.
public struct VaultError: Error, Sendable, CustomStringConvertible {
    /// A stable classification of the failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case vaultNotFound, insecurePermissions, truncated, notAVault, headerCorrupted, newerVersion
            case unknownVersion, headerInvalid, kdfParamsOutOfRange, noPassphrase, kdfOutOfMemory
            case wrongPassphrase, dataCorrupted, malformed, locked, diskFull, io
            case passphraseConflict, emptyPassphrase, passphraseMismatch, passphraseTooShort, passphraseTooLong
            case vaultExists, entryNotFound, entryExists, entryTooLarge, emptyValue, vaultFull, invalidName
            case notAPrivateKey
        }
        private let value: Value

        /// The vault file does not exist.
        public static let vaultNotFound = Code(value: .vaultNotFound)
        /// A vault, backup, lock or passphrase file is accessible to group/others or owned by another user.
        public static let insecurePermissions = Code(value: .insecurePermissions)
        /// The file is shorter than its header or its body needs.
        public static let truncated = Code(value: .truncated)
        /// The file does not start with the vault magic.
        public static let notAVault = Code(value: .notAVault)
        /// The header length is impossible or the header checksum does not match.
        public static let headerCorrupted = Code(value: .headerCorrupted)
        /// The file has a format version this build does not read yet (2…0x7FFF).
        public static let newerVersion = Code(value: .newerVersion)
        /// The file's format version is not one Sesame ever writes (0, ≥ 0x8000).
        public static let unknownVersion = Code(value: .unknownVersion)
        /// A header field has an impossible value (IDs, reserved bytes, body length, trailing bytes).
        public static let headerInvalid = Code(value: .headerInvalid)
        /// The header asks for Argon2id parameters outside the accepted range.
        public static let kdfParamsOutOfRange = Code(value: .kdfParamsOutOfRange)
        /// No passphrase source applies (no closure, file, variable or prompt).
        public static let noPassphrase = Code(value: .noPassphrase)
        /// Argon2id could not allocate its memory.
        public static let kdfOutOfMemory = Code(value: .kdfOutOfMemory)
        /// The passphrase does not unwrap the data key.
        public static let wrongPassphrase = Code(value: .wrongPassphrase)
        /// The body failed authentication under the data key.
        public static let dataCorrupted = Code(value: .dataCorrupted)
        /// The decrypted entry table is not well formed (a bug: it was authenticated).
        public static let malformed = Code(value: .malformed)
        /// Another writer holds the lock past the timeout.
        public static let locked = Code(value: .locked)
        /// The device is full (ENOSPC, EDQUOT); the vault is unchanged.
        public static let diskFull = Code(value: .diskFull)
        /// Any other system call failed.
        public static let io = Code(value: .io)
        /// Both a passphrase file and a passphrase variable are set.
        public static let passphraseConflict = Code(value: .passphraseConflict)
        /// The passphrase variable or file is set but empty.
        public static let emptyPassphrase = Code(value: .emptyPassphrase)
        /// The two passphrases typed differ.
        public static let passphraseMismatch = Code(value: .passphraseMismatch)
        /// A new passphrase is shorter than 8 bytes.
        public static let passphraseTooShort = Code(value: .passphraseTooShort)
        /// A passphrase is longer than 1,024 bytes.
        public static let passphraseTooLong = Code(value: .passphraseTooLong)
        /// `init` found an existing vault.
        public static let vaultExists = Code(value: .vaultExists)
        /// No entry has this name.
        public static let entryNotFound = Code(value: .entryNotFound)
        /// An entry has this name and replacing was not asked for.
        public static let entryExists = Code(value: .entryExists)
        /// A value is longer than 65,536 bytes.
        public static let entryTooLarge = Code(value: .entryTooLarge)
        /// A value is empty.
        public static let emptyValue = Code(value: .emptyValue)
        /// The vault holds 1,024 entries, or the table would exceed 4 MiB.
        public static let vaultFull = Code(value: .vaultFull)
        /// An entry name is empty, too long, or has a character outside `[A-Za-z0-9._@:/-]`.
        public static let invalidName = Code(value: .invalidName)
        /// A `pem` entry is not an unencrypted PEM RSA private key.
        public static let notAPrivateKey = Code(value: .notAPrivateKey)

        /// The code's name, e.g. `wrongPassphrase`.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What failed, why, and the fix.
    public let message: String
    /// The file the failure is about, as the caller named it, when there is one.
    package let path: String?
    /// The system error number behind an I/O failure.
    package let errorNumber: Int32?

    /// Creates an error.
    package init(_ code: Code, _ message: String, path: String? = nil, errorNumber: Int32? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.errorNumber = errorNumber
    }

    /// The message.
    public var description: String { message }
}

// MARK: - The §9 messages

extension VaultError {
    static func vaultNotFound(_ path: String) -> Self {
        Self(.vaultNotFound, "vault \(path) does not exist; create it: sesame vault init --vault \(path)", path: path)
    }

    static func insecureMode(_ path: String, mode: UInt32, what: String = "vault") -> Self {
        let fix = SecretFileReader.systemFolder(of: path).map { "it is a system file (under \($0)), not a \(what) of yours: check the path" }
            ?? "fix: chmod 600 \(path)"
        return Self(.insecurePermissions, "\(what) \(path) has mode \(octal(mode)) (group/others can access it); \(fix)", path: path)
    }

    static func foreignOwner(_ path: String, owner: UInt32, what: String = "vault") -> Self {
        let me = geteuid()
        // Only root can chown; anyone else is told to use a copy of their own.
        let fix = me == 0 && SecretFileReader.systemFolder(of: path) == nil
            ? "fix: chown \(me) \(path)"
            : "use a copy you own instead, or check the path"
        return Self(.insecurePermissions, "\(what) \(path) is owned by uid \(owner), not by you (uid \(me)); \(fix)", path: path)
    }

    static func truncated(_ path: String, size: Int, expected: Int) -> Self {
        Self(.truncated, "vault \(path) is truncated (\(size) bytes, expected \(expected)); restore: cp -p \(path).bak \(path)", path: path)
    }

    static func notAVault(_ path: String) -> Self {
        Self(.notAVault, "\(path) is not a Sesame vault (bad magic)", path: path)
    }

    static func headerCorrupted(_ path: String) -> Self {
        Self(.headerCorrupted, "vault \(path): header is corrupted (checksum mismatch); restore: cp -p \(path).bak \(path)", path: path)
    }

    static func newerVersion(_ path: String, version: UInt16) -> Self {
        Self(.newerVersion, "vault \(path) is format version \(version); this sesame reads version 1; upgrade sesame", path: path)
    }

    static func unknownVersion(_ path: String, version: UInt16) -> Self {
        Self(.unknownVersion, "vault \(path) has unknown format version \(version)", path: path)
    }

    static func headerInvalid(_ path: String, _ detail: String) -> Self {
        Self(.headerInvalid, "vault \(path): header is invalid: \(detail)", path: path)
    }

    static func kdfOutOfRange(_ path: String, opsLimit: UInt32, memoryKiB: UInt32) -> Self {
        Self(
            .kdfParamsOutOfRange,
            "vault \(path) asks Argon2id ops=\(opsLimit) mem=\(mebibytes(kibibytes: memoryKiB)) MiB; accepted: ops 2–10, 64–1024 MiB",
            path: path
        )
    }

    static func kdfOutOfMemory(_ path: String, memoryKiB: UInt32) -> Self {
        Self(.kdfOutOfMemory, "not enough memory to unlock vault \(path) (Argon2id needs \(mebibytes(kibibytes: memoryKiB)) MiB)", path: path)
    }

    static func wrongPassphrase(_ path: String) -> Self {
        Self(.wrongPassphrase, "wrong passphrase for vault \(path)", path: path)
    }

    static func dataCorrupted(_ path: String) -> Self {
        Self(.dataCorrupted, "vault \(path): data failed authentication (corrupted or tampered); restore: cp -p \(path).bak \(path)", path: path)
    }

    static func malformed(_ path: String, _ detail: String) -> Self {
        Self(.malformed, "vault \(path): entry table is malformed (\(detail)); please report this bug", path: path)
    }

    static func locked(_ path: String, pid: Int32?, timeout: Duration) -> Self {
        let holder = pid.map { "pid \($0)" } ?? "pid unknown"
        return Self(.locked, "vault \(path) is locked by another writer (\(holder)); gave up after \(seconds(timeout)) s", path: path)
    }

    /// `diskFull` for ENOSPC/EDQUOT, else `io` with the system's reason.
    package static func system(_ operation: String, _ path: String, errorNumber: Int32) -> Self {
        if errorNumber == ENOSPC || errorNumber == EDQUOT {
            return Self(.diskFull, "cannot write vault \(path): no space left on device; the vault is unchanged", path: path, errorNumber: errorNumber)
        }
        let reason = String(cString: strerror(errorNumber))
        return Self(.io, "cannot \(operation) \(path): \(reason); the vault is unchanged", path: path, errorNumber: errorNumber)
    }

    static func passphraseConflict(_ path: String, file: String, variable: String) -> Self {
        Self(
            .passphraseConflict,
            "vault \(path) has two passphrase sources, \(file) and $\(variable); unset one of them",
            path: path
        )
    }

    static func emptyPassphrase(_ path: String, source: String) -> Self {
        Self(.emptyPassphrase, "the passphrase for vault \(path) from \(source) is empty; set it, or unset it to be asked in a terminal", path: path)
    }

    static func passphraseMismatch(_ path: String) -> Self {
        Self(.passphraseMismatch, "the two passphrases for vault \(path) differ; vault \(path) is unchanged", path: path)
    }

    static func passphraseTooShort(_ path: String, length: Int) -> Self {
        Self(.passphraseTooShort, "the new passphrase for vault \(path) is \(length) bytes; use 8 to 1024 bytes", path: path)
    }

    package static func passphraseTooLong(_ path: String, source: String) -> Self {
        Self(.passphraseTooLong, "the passphrase for vault \(path) from \(source) is longer than 1024 bytes", path: path)
    }

    static func vaultExists(_ path: String) -> Self {
        Self(.vaultExists, "vault \(path) already exists; use it, or choose another path with --vault", path: path)
    }

    static func entryNotFound(_ name: String, _ path: String) -> Self {
        Self(.entryNotFound, "no entry \(VaultName.quoted(name)) in vault \(path); list them: sesame vault list --vault \(path)", path: path)
    }

    static func entryExists(_ name: String, _ path: String) -> Self {
        Self(.entryExists, "entry \(VaultName.quoted(name)) already exists in vault \(path); pass --replace to overwrite it", path: path)
    }

    static func entryTooLarge(_ name: String, _ path: String, size: Int) -> Self {
        Self(.entryTooLarge, "the value for \(VaultName.quoted(name)) is \(size) bytes; vault \(path) accepts 1 to \(VaultLimits.maxValueLength) bytes", path: path)
    }

    static func emptyValue(_ name: String, _ path: String) -> Self {
        Self(.emptyValue, "the value for \(VaultName.quoted(name)) is empty; vault \(path) accepts 1 to \(VaultLimits.maxValueLength) bytes", path: path)
    }

    static func vaultFull(_ path: String, _ detail: String) -> Self {
        Self(.vaultFull, "vault \(path) is full (\(detail)); remove an entry first", path: path)
    }

    /// The name itself is not shown: an invalid name may be a value pasted in the wrong place.
    package static func invalidName(_ name: String) -> Self {
        let bytes = Array(name.utf8)
        let detail: String
        if bytes.isEmpty {
            detail = "it is empty"
        } else if bytes.count > VaultLimits.maxNameLength {
            detail = "it is \(bytes.count) bytes long"
        } else if let index = bytes.firstIndex(where: { !VaultName.isAllowed($0) }) {
            detail = "byte \(index + 1) of \(bytes.count) is not allowed"
        } else {
            detail = "it is not allowed"
        }
        return Self(.invalidName, "invalid entry name (\(detail)): use 1 to \(VaultLimits.maxNameLength) bytes of A-Z a-z 0-9 . _ @ : / -")
    }

    static func notAPrivateKey(_ name: String, _ path: String, reason: String) -> Self {
        Self(
            .notAPrivateKey,
            "the value for \(VaultName.quoted(name)) is not an unencrypted PEM RSA private key (\(reason)); store other data with --kind opaque",
            path: path
        )
    }
}

private func octal(_ mode: UInt32) -> String {
    let text = String(mode & 0o7777, radix: 8)
    return String(repeating: "0", count: max(0, 4 - text.count)) + text
}

private func mebibytes(kibibytes: UInt32) -> String {
    kibibytes % 1024 == 0 ? "\(kibibytes / 1024)" : String(Double(kibibytes) / 1024)
}

private func seconds(_ duration: Duration) -> String {
    let (whole, attoseconds) = duration.components
    if attoseconds == 0 { return "\(whole)" }
    let value = Double(whole) + Double(attoseconds) / 1e18
    return String((value * 1000).rounded() / 1000)
}
