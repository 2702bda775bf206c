import SesameCore
import SesameJOSE
import SesameKeyStores

/// libFuzzer's entry point: key decoding on arbitrary bytes.
///
/// The first byte chooses the path: 0 a private key without passphrase (PKCS#1, PKCS#8), 1 a private
/// key with the passphrase `fuzz` (encrypted PKCS#8 and legacy encrypted PKCS#1), 2 a public key,
/// 3 the key stores' normalisation of pasted PEMs (`\n` escapes, base64, quotes). The invariant:
/// a key or an error, never a crash, a hang or an oversized allocation.
@_cdecl("LLVMFuzzerTestOneInput")
public func pemFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch data[0] % 4 {
    case 0:
        if let key = try? RSAPrivateKey(pem: SecretBytes(copying: input)) { _ = try? key.pem(.pkcs8) }
    case 1:
        _ = try? RSAPrivateKey(pem: SecretBytes(copying: input), passphrase: SecretBytes(utf8: "fuzz"))
    case 2:
        if let key = try? RSAPublicKey(pem: String(decoding: input, as: UTF8.self)) { _ = key.thumbprint }
    default:
        let secret = SecretBytes(copying: input)
        _ = PEMDecoding.normalize(secret)
        _ = PEMDecoding.describe(secret)
    }
    return 0
}
