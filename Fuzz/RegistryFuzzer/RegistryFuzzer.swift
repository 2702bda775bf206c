import Foundation
import SesameBuiltIns
import SesameCore

/// libFuzzer's entry point: `providers.json` bytes through the strict JSON parser, the registry
/// build with every built-in plugin (strict decoding, paths, pasted-secret detection), and the
/// source map that places each issue at its line and column.
///
/// The invariant: a registry or a `RegistryError`, never a crash, a hang or an oversized allocation.
/// Building reads no file and sends no request (the transport refuses), so every input is safe.
@_cdecl("LLVMFuzzerTestOneInput")
public func registryFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        _ = try Registry.decode(Data(bytes), source: "fuzz.json", directory: "/nonexistent-fuzz", plugins: .builtIn, context: context)
    } catch let error as RegistryError {
        let map = JSONSourceMap(bytes)
        for issue in error.issues { _ = map.position(of: issue.path) }
    } catch {}
    return 0
}

private struct RefusingTransport: HTTPTransport {
    struct Refused: Error {}
    func send(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse { throw Refused() }
}

private let context = RegistryContext(transport: RefusingTransport(), environment: { _ in nil }, homeDirectory: "/nonexistent-fuzz-home")
