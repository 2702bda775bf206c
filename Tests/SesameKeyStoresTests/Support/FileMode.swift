import Foundation

/// Parses `"0644"` as an octal file mode (test arguments spell modes as strings, as `ls` and `chmod` do).
func fileMode(_ octal: String) -> mode_t {
    mode_t(octal, radix: 8)!
}
