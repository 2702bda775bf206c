import SesameCore
import SesameVault

/// libFuzzer's entry point: the vault's header parser and table parser on arbitrary bytes.
///
/// The first byte chooses the parser (even: header, odd: table) so that one corpus covers both; the
/// rest is the input. The invariant is the one of `docs/vault-format.md` §10: a value or a
/// `VaultError`, never a crash, a hang or an oversized allocation (AddressSanitizer and libFuzzer's
/// `-rss_limit_mb` / `-malloc_limit_mb` catch those). Built and run by `make fuzz`.
@_cdecl("LLVMFuzzerTestOneInput")
public func vaultFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let selector = data[0]
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    if selector & 1 == 0 {
        _ = try? VaultHeader.decode(input, fileSize: input.count, path: "fuzz")
    } else if !input.isEmpty {
        _ = try? VaultTable.decode(SecretBytes(copying: input), path: "fuzz")
    }
    return 0
}
