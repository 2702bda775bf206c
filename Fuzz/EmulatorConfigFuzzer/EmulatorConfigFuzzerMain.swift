import CLibFuzzer

/// The executable's entry point under the name SwiftPM links as `main` on Linux: runs libFuzzer.
@_cdecl("EmulatorConfigFuzzer_main")
func emulatorConfigFuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        emulatorConfigFuzzerTestOneInput(data, size)
    }
}
