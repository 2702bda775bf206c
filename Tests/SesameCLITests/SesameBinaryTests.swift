import Foundation
import SesameTestSupport
import Testing

@Suite("The shared runner of the sesame binary")
struct SesameBinaryTests {
    @Test("a missing binary fails the test with its path and the fix, instead of skipping it")
    func missingBinary() async throws {
        let folder = try TemporaryFolder()
        let binary = SesameBinary(path: folder.file("sesame"))
        let error = await #expect(throws: SesameBinary.Missing.self) { try await binary.run(["--help"]) }
        let message = try #require(error).description
        #expect(message.contains("no sesame executable at \(folder.file("sesame"))"), "\(message)")
        #expect(message.contains("swift build"), "\(message)")
        #expect(message.contains("SESAME_BIN"), "\(message)")
        #expect(throws: SesameBinary.Missing.self) { try binary.checkedPath() }
    }

    @Test("a file that is not executable counts as missing")
    func notExecutable() throws {
        let folder = try TemporaryFolder()
        let binary = SesameBinary(path: try folder.write("#!/bin/sh\n", to: "sesame", mode: 0o600))
        #expect(throws: SesameBinary.Missing.self) { try binary.checkedPath() }
    }

    @Test("the built binary is found (CLI tests need it)")
    func builtBinary() throws {
        #expect(FileManager.default.isExecutableFile(atPath: try SesameBinary.built.checkedPath()))
    }

    @Test("environment: additions are passed, names and prefixes removed; stdin and the working directory too")
    func environmentAndInput() async throws {
        // A variable this process inherited that no shell sets by itself.
        let shellOwned: Set = ["PATH", "PWD", "OLDPWD", "SHLVL", "IFS", "HOME", "ENV", "OPTIND", "PS1", "PS2", "PS4", "_"]
        let probe = try #require(ProcessInfo.processInfo.environment.keys.filter { name in
            name.count >= 4 && !shellOwned.contains(name) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "_") }
        }.sorted().first)
        let folder = try TemporaryFolder()
        let script = try folder.write("""
            #!/bin/sh
            echo "probe=$(/usr/bin/printenv "$1" >/dev/null && echo set || echo unset) added=${ADDED_VAR-unset} pwd=$(pwd)"
            /bin/cat
            """, to: "fake-sesame", mode: 0o700)
        let binary = SesameBinary(path: script)
        let passed = try await binary.run([probe], environment: ["ADDED_VAR": "yes"], directory: folder.path, stdin: Array("from stdin".utf8))
        #expect(passed.status == 0, "\(passed.stderr)")
        #expect(passed.stdout == "probe=set added=yes pwd=\(folder.path)\nfrom stdin", "\(passed.stdout)")
        let prefix = String(probe.prefix(3))
        for (removed, shown) in [([probe], "unset"), ([prefix + "*"], "unset"), ([prefix], "set")] {
            let result = try await binary.run([probe], removing: removed, directory: folder.path)
            #expect(result.stdout.hasPrefix("probe=\(shown) added=unset"), "\(probe) without \(removed): \(result.stdout)")
        }
    }
}
