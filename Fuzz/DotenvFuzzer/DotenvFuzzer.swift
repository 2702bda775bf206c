import SesameCore
import SesameKeyStores

/// libFuzzer's entry point: `.env` text through the parser the `dotenv` store and
/// `providers import --dotenv` use: every name it proposes, and each one's value.
///
/// The invariant: values or `nil`, never a crash, a hang or an out-of-bounds read.
@_cdecl("LLVMFuzzerTestOneInput")
public func dotenvFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let file = DotenvFile(contents: SecretBytes(copying: Array(UnsafeBufferPointer(start: data, count: size))))
    for name in file.names.prefix(16) { _ = file.value(of: name) }
    _ = file.value(of: "COZE_JWT_OAUTH_PRIVATE_KEY")
    return 0
}
