import CozeEmulator
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Sesame

// `EmulatorLoad serve APP_ID PUBLIC_PEM [--swift-executor]`: the emulator and, in the same process, a
// bare Hummingbird route answering constant JSON on the same path, each on a free loopback port.
// Prints `emulator PORT` and `bare PORT`, then serves until killed. Swift concurrency runs on NIO's
// event loops, as in `sesame emulator`; `--swift-executor` keeps Swift's default executor, as in a
// process that embeds the CozeEmulator library without installing NIO's hook.
//
// `EmulatorLoad mint APP_ID PRIVATE_PEM COUNT FILE`: COUNT fresh Coze JWTs (aud api.coze.cn, 600 s),
// one per line, for wrk to send one per request.

let arguments = CommandLine.arguments
/// Writes a line to stdout at once (the bench script waits for the ports).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("EmulatorLoad: \(message)\n".utf8))
    exit(2)
}

struct FileKeyStore: KeyStore {
    let path: String
    func secret(named name: String) async throws -> SecretBytes {
        SecretBytes(copying: try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

struct NoTransport: HTTPTransport {
    func send(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse { throw CancellationError() }
}

func serve(appID: String, publicKeyPath: String) async throws {
    let publicKey = try RSAPublicKey(pem: String(contentsOfFile: publicKeyPath, encoding: .utf8))
    var configuration = CozeEmulatorConfiguration()
    configuration.apps = [EmulatedApp(appID: appID, keys: [EmulatedKey(publicKey: publicKey)])]
    let emulator = CozeEmulator(configuration: configuration)

    let router = Router()
    let body = ByteBuffer(string: #"{"access_token":"czs_constant","expires_in":1800000000,"token_type":"Bearer"}"#)
    router.post("/api/permission/oauth2/token") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
    let bare = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
        onServerRunning: { channel in say("bare \(channel.localAddress?.port ?? 0)") },
        logger: Logger(label: "bare", factory: { _ in SwiftLogNoOpLogHandler() })
    )
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await emulator.run(port: 0) { port in say("emulator \(port)") } }
        group.addTask { try await bare.run() }
        try await group.next()
        group.cancelAll()
    }
}

func mint(appID: String, privateKeyPath: String, count: Int, output: String) async throws {
    let privateKey = try RSAPrivateKey(pem: SecretBytes(copying: try Data(contentsOf: URL(fileURLWithPath: privateKeyPath))))
    let provider = CozeJWTProvider(
        name: "load",
        configuration: CozeJWTConfiguration(
            appID: appID, keyID: privateKey.publicKey.thumbprint,
            privateKey: KeyReference(storeName: "file", name: privateKeyPath, store: FileKeyStore(path: privateKeyPath))
        ),
        transport: NoTransport()
    )
    let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let lines = try await withThrowingTaskGroup(of: [String].self) { group in
        for worker in 0..<workers {
            let share = count / workers + (worker < count % workers ? 1 : 0)
            group.addTask {
                var jwts: [String] = []
                jwts.reserveCapacity(share)
                for _ in 0..<share { jwts.append(try await provider.assertion().jwt) }
                return jwts
            }
        }
        return try await group.reduce(into: [String]()) { $0 += $1 }
    }
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: output))
}

switch (arguments.dropFirst().first, arguments.count) {
case ("serve", 4), ("serve", 5):
    if arguments.count == 5 {
        guard arguments[4] == "--swift-executor" else { fail("serve: unknown option \(arguments[4]); the only one is --swift-executor") }
    } else {
        guard NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() else {
            fail("serve: NIO's event loops cannot become Swift's global executor here; pass --swift-executor")
        }
    }
    try await serve(appID: arguments[2], publicKeyPath: arguments[3])
case ("mint", 6):
    guard let count = Int(arguments[4]), count > 0 else { fail("COUNT must be a positive integer") }
    try await mint(appID: arguments[2], privateKeyPath: arguments[3], count: count, output: arguments[5])
default:
    fail("usage: EmulatorLoad serve APP_ID PUBLIC_PEM [--swift-executor] | mint APP_ID PRIVATE_PEM COUNT FILE")
}
