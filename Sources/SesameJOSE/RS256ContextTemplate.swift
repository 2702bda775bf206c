import COpenSSL
import Synchronization

/// An RS256 signing or verifying context set up once for a key, which each operation copies.
///
/// `EVP_DigestSignInit` and `EVP_DigestVerifyInit` look the algorithm up in OpenSSL's providers and
/// build a key context on every call; copying a context that is already set up skips that work. The
/// copy is marked to be finalised once, so OpenSSL does not duplicate it again in its final step.
final class RS256ContextTemplate: Sendable {
    /// What the contexts do.
    enum Operation: Sendable {
        case sign
        case verify
    }

    private let operation: Operation
    /// The initialised context; built on first use, read (copied) under the lock.
    private let template = Mutex<Context?>(nil)

    /// Owns an `EVP_MD_CTX`.
    private final class Context: @unchecked Sendable {
        let pointer: OpaquePointer
        init(_ pointer: OpaquePointer) { self.pointer = pointer }
        deinit { EVP_MD_CTX_free(pointer) }
    }

    init(_ operation: Operation) {
        self.operation = operation
    }

    /// Sets `context` up for this operation with `key`; `false` when OpenSSL refuses.
    func prepare(_ context: OpaquePointer, key: OpenSSLKey) -> Bool {
        let copied = template.withLock { template -> Bool in
            if template == nil {
                guard let fresh = EVP_MD_CTX_new() else { return false }
                let initialised = switch operation {
                case .sign: EVP_DigestSignInit(fresh, nil, Digest.sha256, nil, key.pointer) == 1
                case .verify: EVP_DigestVerifyInit(fresh, nil, Digest.sha256, nil, key.pointer) == 1
                }
                guard initialised else {
                    EVP_MD_CTX_free(fresh)
                    return false
                }
                template = Context(fresh)
            }
            guard let template else { return false }
            return EVP_MD_CTX_copy_ex(context, template.pointer) == 1
        }
        guard copied else { return false }
        EVP_MD_CTX_set_flags(context, EVP_MD_CTX_FLAG_FINALISE)
        return true
    }
}
