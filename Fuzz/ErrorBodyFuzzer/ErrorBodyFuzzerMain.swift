import CLibFuzzer

/// The executable's entry point under the name SwiftPM links as `main` on Linux: runs libFuzzer.
@_cdecl("ErrorBodyFuzzer_main")
func errorBodyFuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        errorBodyFuzzerTestOneInput(data, size)
    }
}
