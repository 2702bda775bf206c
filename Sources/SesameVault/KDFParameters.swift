/// Argon2id cost parameters as stored in the header: passes and memory in KiB.
package struct KDFParameters: Hashable, Sendable, CustomStringConvertible {
    /// Argon2id passes (`opslimit`).
    package let opsLimit: UInt32
    /// Memory in KiB (`memlimit / 1024`).
    package let memoryKiB: UInt32

    /// The passes readers accept.
    package static let acceptedOps: ClosedRange<UInt32> = 2...10
    /// The memory readers accept, in KiB (64 MiB…1 GiB).
    package static let acceptedMemoryKiB: ClosedRange<UInt32> = 65_536...1_048_576

    /// Creates parameters; readers check them against the accepted ranges, writers use a ``KDFLevel``.
    package init(opsLimit: UInt32, memoryKiB: UInt32) {
        self.opsLimit = opsLimit
        self.memoryKiB = memoryKiB
    }

    /// Whether a reader accepts these parameters (checked before any memory is allocated).
    package var isAccepted: Bool {
        Self.acceptedOps.contains(opsLimit) && Self.acceptedMemoryKiB.contains(memoryKiB)
    }

    /// The memory limit in bytes, as `crypto_pwhash` takes it.
    package var memoryBytes: Int { Int(memoryKiB) * 1_024 }

    /// The level these parameters equal, if any.
    package var level: KDFLevel? { KDFLevel.allCases.first { $0.parameters == self } }

    /// `argon2id ops=3 mem=256 MiB (moderate)`.
    package var description: String {
        let memory = memoryKiB % 1_024 == 0 ? "\(memoryKiB / 1_024) MiB" : "\(memoryKiB) KiB"
        return "argon2id ops=\(opsLimit) mem=\(memory)" + (level.map { " (\($0.rawValue))" } ?? "")
    }
}

/// The Argon2id cost levels `init` and `passwd` offer (libsodium's presets for Argon2id v1.3).
///
/// Measured on this project's 2-core machines: interactive ≈ 0.07 s / 64 MiB, moderate ≈ 0.4 s /
/// 256 MiB, sensitive ≈ 3 s / 1 GiB. The default is ``moderate``.
public enum KDFLevel: String, CaseIterable, Sendable {
    /// 2 passes, 64 MiB.
    case interactive
    /// 3 passes, 256 MiB (the default).
    case moderate
    /// 4 passes, 1 GiB.
    case sensitive

    /// The parameters of this level.
    package var parameters: KDFParameters {
        switch self {
        case .interactive: KDFParameters(opsLimit: 2, memoryKiB: 65_536)
        case .moderate: KDFParameters(opsLimit: 3, memoryKiB: 262_144)
        case .sensitive: KDFParameters(opsLimit: 4, memoryKiB: 1_048_576)
        }
    }
}
