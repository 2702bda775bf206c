import Benchmark
import CLibCrypto
import Foundation
import Sesame

// Each target is measured next to a baseline in the same run; compare them as ratios
// (`make bench` writes both to BENCHMARKS.md), never against absolute numbers from another machine.
// Benchmark and metric names are read by scripts/bench/report.py: keep them in step.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        maxDuration: .seconds(3)
    )

    let key = try! RSAPrivateKey.generate()
    let pem = try! key.pem()
    let rawKey = RawOpenSSLKey(pem: pem)
    let provider = CozeJWTProvider(
        name: "bench",
        configuration: CozeJWTConfiguration(
            appID: "1133483935040", keyID: key.publicKey.thumbprint,
            privateKey: KeyReference(storeName: "memory", name: "key", store: FixedKeyStore(secret: pem))
        ),
        transport: NoTransport()
    )
    // The bytes a Coze JWT signs (header.payload, same shape and length), so that the baseline signs as much.
    let signingInput: [UInt8] = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let header = try! encoder.encode(CozeJWTHeader(kid: key.publicKey.thumbprint))
        let now = Int64(Date().timeIntervalSince1970)
        let claims = try! encoder.encode(CozeJWTClaims(
            iss: "1133483935040", aud: "api.coze.cn", iat: now, exp: now + 600, jti: Base64URL.encode(SecureRandom.bytes(32))
        ))
        return Array((Base64URL.encode(header) + "." + Base64URL.encode(claims)).utf8)
    }()

    // Baseline: what `openssl speed rsa2048` measures, an RS256 signature straight through EVP.
    Benchmark("mint/baseline: RS256 sign, bare EVP") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(rawKey.sign(signingInput)) }
    }

    // Target: a whole Coze JWT (claims, jti, base64url, RS256) at >= 0.95x the baseline's rate.
    Benchmark("mint/target: whole Coze JWT") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try await provider.assertion()) }
    }

    // The same pair interleaved: each sample signs once bare and mints once (in alternating order) and
    // records the process CPU time of each. Run one after the other, the two wall-clock benchmarks above
    // see different interference from whatever else shares the cores, and their medians moved 0.82x to
    // 1.03x apart between runs; CPU time leaves out the time other processes held the core, and
    // interleaving exposes both sides to the same cache and frequency state. `make bench` judges the
    // 0.95x target on the median of each sample's own ratio.
    let cpuConfiguration = Benchmark.Configuration(metrics: [.throughput, MintCPU.bare, MintCPU.whole, MintCPU.ratio], maxDuration: .seconds(6))
    Benchmark("mint/interleaved: CPU time", configuration: cpuConfiguration) { benchmark in
        for iteration in benchmark.scaledIterations {
            var bare = 0, whole = 0
            if iteration.isMultiple(of: 2) {
                bare = processCPUNanoseconds { blackHole(rawKey.sign(signingInput)) }
                whole = try await processCPUNanoseconds { blackHole(try await provider.assertion()) }
            } else {
                whole = try await processCPUNanoseconds { blackHole(try await provider.assertion()) }
                bare = processCPUNanoseconds { blackHole(rawKey.sign(signingInput)) }
            }
            benchmark.measurement(MintCPU.bare, bare)
            benchmark.measurement(MintCPU.whole, whole)
            benchmark.measurement(MintCPU.ratio, bare * 1000 / max(1, whole))
        }
    }

    // Baseline for the cache: an uncontended actor call returning a stored value. 1,000 calls per sample.
    let box = ValueBox(value: AccessToken(value: "czs_x", expiresAt: .distantFuture))
    let thousand = Benchmark.Configuration(scalingFactor: .kilo)
    Benchmark("hit/baseline: actor round trip x1000", configuration: thousand) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(await box.value) }
    }

    let cache = TokenCache(provider: FixedProvider())
    let request = TokenRequest()
    Benchmark("hit/target: TokenCache hit x1000", configuration: thousand) { benchmark in
        _ = try await cache.token(for: request)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try await cache.token(for: request)) }
        benchmark.stopMeasurement()
    }

    // Under contention: 8 tasks on the machine's cores, 1,000 calls each, per sample.
    Benchmark("contended/baseline: actor round trip, 8 tasks x1000") { benchmark in
        for _ in benchmark.scaledIterations {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask { for _ in 0..<1000 { blackHole(await box.value) } }
                }
            }
        }
    }
    Benchmark("contended/target: TokenCache hit, 8 tasks x1000") { benchmark in
        _ = try await cache.token(for: request)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask { for _ in 0..<1000 { blackHole(try? await cache.token(for: request)) } }
                }
            }
        }
        benchmark.stopMeasurement()
    }
    // What the 8 tasks cost without any call: subtracted from both contended figures' allocations.
    Benchmark("contended/overhead: 8 empty tasks") { benchmark in
        for _ in benchmark.scaledIterations {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { blackHole(0) } }
            }
        }
    }
}

/// The interleaved mint pair's metrics, in CPU nanoseconds per operation.
enum MintCPU {
    static let bare = BenchmarkMetric.custom("bare EVP sign, CPU ns", useScalingFactor: false)
    static let whole = BenchmarkMetric.custom("whole Coze JWT, CPU ns", useScalingFactor: false)
    /// The sample's bare time over its whole-JWT time, in thousandths (1000 = as fast as a bare signature).
    static let ratio = BenchmarkMetric.custom("bare over whole, per mille", polarity: .prefersLarger, useScalingFactor: false)
}

/// The CPU time this process spent in `body` (every thread; other processes' time excluded).
func processCPUNanoseconds(_ body: () async throws -> Void) async rethrows -> Int {
    let start = processCPUTime()
    try await body()
    return processCPUTime() - start
}

func processCPUNanoseconds(_ body: () -> Void) -> Int {
    let start = processCPUTime()
    body()
    return processCPUTime() - start
}

private func processCPUTime() -> Int {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return time.tv_sec * 1_000_000_000 + time.tv_nsec
}

struct FixedKeyStore: KeyStore {
    let secret: SecretBytes
    func secret(named name: String) async throws -> SecretBytes { secret }
}

struct FixedProvider: AuthProvider {
    func fetchToken(_ request: TokenRequest) async throws -> AccessToken {
        AccessToken(value: "czs_bench", expiresAt: Date().addingTimeInterval(3600))
    }
}

/// The mint benchmark never sends anything.
struct NoTransport: HTTPTransport {
    func send(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse {
        throw CancellationError()
    }
}

/// A stored value behind an actor. `var`, so that reading it really enters the actor (a `let` of a
/// Sendable type is read without a hop).
actor ValueBox {
    private(set) var value: AccessToken
    init(value: AccessToken) { self.value = value }
}

/// An EVP_PKEY used directly, as `openssl speed` does: a fresh context per signature.
final class RawOpenSSLKey: @unchecked Sendable {
    let key: OpaquePointer
    let digest: OpaquePointer = EVP_MD_fetch(nil, "SHA256", nil)

    init(pem: SecretBytes) {
        key = pem.withUnsafeBytes { bytes in
            let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count))
            defer { BIO_free(bio) }
            return PEM_read_bio_PrivateKey(bio, nil, nil, nil)!
        }
    }

    func sign(_ message: [UInt8]) -> [UInt8] {
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        var signature = [UInt8](repeating: 0, count: 256)
        var length = signature.count
        EVP_DigestSignInit(context, nil, digest, nil, key)
        EVP_DigestSign(context, &signature, &length, message, message.count)
        return signature
    }
}
