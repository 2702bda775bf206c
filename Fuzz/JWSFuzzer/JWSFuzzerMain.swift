import CLibFuzzer

/// The executable's entry point under the name SwiftPM links as `main` on Linux: runs libFuzzer.
@_cdecl("JWSFuzzer_main")
func jwsFuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        jwsFuzzerTestOneInput(data, size)
    }
}
