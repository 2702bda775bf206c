import SesameCore

extension PEMFileKeyStore {
    /// With a ``directory``, an entry name is one file name in it: not empty, no `/`, not `.` or `..`,
    /// no leading `~`, no control character. Without one, a name is a path relative to the
    /// registry's folder and any path is accepted.
    public func entryNameProblem(_ name: String) -> String? {
        guard let directory else { return nil }
        let isFileName = !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.hasPrefix("~")
            && !name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
        guard !isFileName else { return nil }
        return "entry \(Self.quoted(name)) would leave the store's directory \(directory): in a pem-file store with a directory, an entry name is a file name in it (no \"/\", not \".\" or \"..\", no leading \"~\"); move the key into \(directory) and name the file"
    }

    /// The file for entry `name`, or a refusal when the name would leave ``directory``.
    func checkedPath(of name: String) throws -> String {
        if let problem = entryNameProblem(name) { throw KeyStoreError(.invalidFormat, problem) }
        return path(of: name)
    }

    /// `name` in quotes, with control characters escaped and long names cut.
    private static func quoted(_ name: String) -> String {
        let shown = name.unicodeScalars.prefix(80).map { scalar in
            scalar.value < 0x20 || scalar.value == 0x7F ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined()
        return "\"\(shown)\(name.unicodeScalars.count > 80 ? "…" : "")\""
    }
}
