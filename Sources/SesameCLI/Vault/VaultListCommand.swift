import ArgumentParser
import Foundation
import SesameVault

/// `sesame vault list`.
struct VaultListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the entries: name, kind, size in bytes, last update (UTC). Never values.",
        discussion: """
        Needs the passphrase: names are encrypted too. One entry per line, columns separated by spaces.

        Examples:
          sesame vault list
          sesame vault list --vault ./ci.vault
        """
    )

    @OptionGroup var options: VaultOptions

    func run() throws {
        let entries = try options.makeVault().entries()
        let nameWidth = entries.map(\.name.count).max() ?? 0
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        for entry in entries {
            let name = entry.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            let kind = entry.kind.name.padding(toLength: 6, withPad: " ", startingAt: 0)
            let size = String(entry.size).leftPadded(to: 5)
            let updated = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(entry.updated)))
            Terminal.print("\(name)  \(kind)  \(size)  \(updated)")
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
