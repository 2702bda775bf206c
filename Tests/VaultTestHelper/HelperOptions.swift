/// The helper's flags.
struct HelperOptions {
    var vault = ""
    var crashAt: String?
    var lockTimeoutMilliseconds: Int64?
    var name = ""
    var value = ""
    var rotate = false

    /// Parses `--flag value` pairs and `--rotate`; `nil` on anything else or without `--vault`.
    init?(_ arguments: ArraySlice<String>) {
        var rest = arguments
        while let flag = rest.popFirst() {
            if flag == "--rotate" {
                rotate = true
                continue
            }
            guard let value = rest.popFirst() else { return nil }
            switch flag {
            case "--vault": vault = value
            case "--crash-at": crashAt = value
            case "--lock-timeout-ms":
                guard let milliseconds = Int64(value) else { return nil }
                lockTimeoutMilliseconds = milliseconds
            case "--name": name = value
            case "--value": self.value = value
            default: return nil
            }
        }
        guard !vault.isEmpty else { return nil }
    }
}
