import SesameCore
import Synchronization

/// A provider error as a third party would write one: every field a real one has, so that tests can
/// check that giving up keeps each of them.
struct SampleExchangeError: TokenExchangeError, CustomStringConvertible {
    enum Code: String, Sendable { case refused, serverError, unreachable, secretUnavailable }

    let code: Code
    let provider: String
    private let reason: String
    var message: String { notingAttempts(reason) }
    var httpStatus: Int?
    var logID: String?
    var retryAfter: Duration?
    var underlying: (any Error)?
    var attempts = 1

    init(_ code: Code, provider: String, message: String) {
        self.code = code
        self.provider = provider
        self.reason = message
    }

    var description: String { message }

    var retryAdvice: RetryAdvice? {
        code == .serverError ? RetryAdvice(retryAfter: retryAfter) : nil
    }

    var logMetadata: [String: String] {
        ["code": "\(code.rawValue)", "status": "\(httpStatus.map(String.init) ?? "-")", "logid": "\(logID ?? "-")"]
    }

    static func unreachable(_ failure: HTTPTransportError, url: String, provider: String) -> SampleExchangeError {
        var error = SampleExchangeError(.unreachable, provider: provider, message: "\(provider): \(failure.message) (url \(url))")
        error.underlying = failure
        return error
    }

    static func secretUnavailable(_ failure: any Error, reading reference: KeyReference, provider: String) -> SampleExchangeError {
        var error = SampleExchangeError(.secretUnavailable, provider: provider, message: "\(provider): cannot read \(reference): \(failure)")
        error.underlying = failure
        return error
    }

    /// Reads an answer: 200 is a value, 5xx a retryable server error, anything else a refusal.
    static func read(_ response: HTTPTransportResponse, provider: String) throws(SampleExchangeError) -> String {
        if response.status == 200 { return String(decoding: response.body, as: UTF8.self) }
        var error = SampleExchangeError(
            response.status >= 500 ? .serverError : .refused,
            provider: provider,
            message: "\(provider): the server answered HTTP \(response.status)"
        )
        error.httpStatus = response.status
        error.logID = response.header("X-Log-Id")
        error.retryAfter = RetryAdvice.parseRetryAfter(response.header("Retry-After"))
        throw error
    }
}

/// Plays back scripted outcomes, one per request (the last one repeats), and keeps the requests.
/// A fake for the faults a real server cannot produce on demand (refused connections, bad URLs).
final class ScriptedExchangeTransport: HTTPTransport {
    enum Outcome: Sendable {
        case answer(HTTPTransportResponse)
        case failure(HTTPTransportError)
    }

    private let outcomes: [Outcome]
    private let sent = Mutex<[HTTPTransportRequest]>([])

    init(_ outcomes: [Outcome]) {
        precondition(!outcomes.isEmpty, "script at least one outcome")
        self.outcomes = outcomes
    }

    /// The requests received, in order.
    var requests: [HTTPTransportRequest] { sent.withLock { $0 } }

    func send(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse {
        let index = sent.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
        switch outcomes[min(index, outcomes.count - 1)] {
        case .answer(let response): return response
        case .failure(let error): throw error
        }
    }
}

/// A key store whose every read fails the way a real store's does.
struct UnreadableStore: KeyStore {
    func secret(named name: String) async throws -> SecretBytes {
        throw KeyStoreError(.notFound, "no key \"\(name)\" in this store; add it")
    }
}

/// The waits a retry policy asks for, recorded instead of slept.
final class WaitLog: Sendable {
    private let log = Mutex<[Duration]>([])

    /// The waits so far.
    var waits: [Duration] { log.withLock { $0 } }

    /// A sleep function that records.
    var sleep: @Sendable (Duration) async throws -> Void {
        { duration in self.log.withLock { $0.append(duration) } }
    }
}
