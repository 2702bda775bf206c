@testable import CozeEmulator
import SesameCore

/// libFuzzer's entry point: the emulator's configuration file (`sesame emulator --config`) through
/// the strict JSON parser and the configuration reader (apps, keys, faults, paths).
///
/// Relative public key paths resolve under a folder that does not exist; an absolute one is read as
/// any configuration's would be (a FIFO or device refused at once). The invariant: a configuration
/// or a `CozeEmulatorError` naming a JSON path, never a crash or a hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func emulatorConfigFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    guard let root = try? JSONParser.parse(UnsafeBufferPointer(start: data, count: size)) else { return 0 }
    _ = try? ConfigurationFileReader(directory: "/nonexistent-fuzz").read(root)
    return 0
}
