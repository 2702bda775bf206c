import Benchmark
import CLibCrypto
import CozeEmulator
import Foundation
import Sesame

// Each target is measured next to a baseline in the same run; compare them as ratios
// (`make benchmarks` prints both), never against absolute numbers from another machine.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(5))

    let key = try! RSAPrivateKey.generate()
    let pem = try! key.pem()
    let rawKey = RawOpenSSLKey(pem: pem)
    let message = Array(repeating: UInt8(ascii: "a"), count: 300)

    // Baseline: what `openssl speed rsa2048` measures, an RS256 signature straight through EVP.
    Benchmark("RS256 sign, raw OpenSSL EVP (baseline)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(rawKey.sign(message)) }
    }

    // Target: a whole Coze JWT (claims, jti, base64url, RS256) at >= 90% of the baseline's rate.
    let provider = CozeJWTProvider(
        name: "bench",
        configuration: CozeJWTConfiguration(
            appID: "1133483935040", keyID: key.publicKey.thumbprint,
            privateKey: KeyReference(storeName: "memory", name: "key", store: FixedKeyStore(secret: pem))
        )
    )
    Benchmark("Coze JWT mint (target: >= 0.9x baseline throughput)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try await provider.assertion()) }
    }

    // Baseline for the cache: an uncontended actor call returning a stored value.
    let box = ValueBox(value: AccessToken(value: "czs_x", expiresAt: .distantFuture))
    Benchmark("actor round trip (baseline)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(await box.value) }
    }

    let cache = TokenCache(provider: FixedProvider())
    Benchmark("TokenCache hit (target: a few microseconds)") { benchmark in
        _ = try await cache.token(for: TokenRequest())
        for _ in benchmark.scaledIterations { blackHole(try await cache.token(for: TokenRequest())) }
    }

    // The emulator on loopback: token requests per second (each one verifies an RS256 JWT).
    Benchmark("emulator token requests over loopback", configuration: .init(metrics: [.throughput, .wallClock], maxDuration: .seconds(10), maxIterations: 2000)) { benchmark in
        var configuration = CozeEmulatorConfiguration()
        configuration.apps = [EmulatedApp(appID: "1133483935040", keys: [EmulatedKey(publicKey: key.publicKey)])]
        try await withCozeEmulator(configuration) { emulator in
            let client = CozeJWTProvider(
                name: "bench",
                configuration: CozeJWTConfiguration(
                    appID: "1133483935040", keyID: key.publicKey.thumbprint,
                    privateKey: KeyReference(storeName: "memory", name: "key", store: FixedKeyStore(secret: pem)),
                    baseURL: emulator.baseURL
                )
            )
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try await client.fetchToken(TokenRequest())) }
            benchmark.stopMeasurement()
        }
    }
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

actor ValueBox {
    let value: AccessToken
    init(value: AccessToken) { self.value = value }
}

/// An EVP_PKEY used directly, as `openssl speed` does.
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
