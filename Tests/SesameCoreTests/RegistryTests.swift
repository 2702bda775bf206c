import Foundation
import SesameCore
import Testing

@Suite("Registry: building from providers.json")
struct RegistryTests {
    static let valid = """
    {
      "version": 1,
      "keyStores": {
        "mem": { "type": "memory", "path": "stores/mem.db", "prefix": "app-" }
      },
      "providers": {
        "alpha": {
          "type": "static",
          "appId": "1133483935040",
          "label": "Alpha app",
          "lifetime": 900,
          "mode": "fast",
          "scopes": ["chat", "files"],
          "options": { "retries": 3, "verbose": true },
          "certificate": "certs/alpha.pem",
          "baseURL": "https://api.example.com/",
          "key": { "store": "mem", "name": "alpha.pem" }
        },
        "beta": { "type": "static", "appId": "42" },
        "gamma": { "type": "echo" }
      }
    }
    """

    @Test("a valid file builds every provider and store, with the values its factories read")
    func validFile() async throws {
        let registry = try TestPlugins.decode(Self.valid)
        #expect(registry.source == "providers.json")
        #expect(registry.providerNames == ["alpha", "beta", "gamma"])
        #expect(registry.providers["gamma"]?.type == "echo")

        let alpha = try #require(registry.provider(named: "alpha").provider as? StaticProvider)
        #expect(alpha.name == "alpha")
        #expect(alpha.settings == StaticSettings(
            appID: "1133483935040",
            label: "Alpha app",
            lifetime: 900,
            mode: "fast",
            scopes: ["chat", "files"],
            retries: 3,
            verbose: true,
            certificate: "/etc/sesame/certs/alpha.pem",
            baseURL: "https://api.example.com"
        ))
        let key = try #require(alpha.key)
        #expect(key.storeName == "mem")
        #expect(key.name == "alpha.pem")
        #expect(key.description == "mem:alpha.pem")
        let secret = try await key.read()
        #expect(secret.withUnsafeBytes { Array($0) } == Array("secret-of-alpha.pem".utf8))

        let store = try #require(registry.keyStores["mem"])
        #expect(store.type == "memory")
        let memory = try #require(store.store as? MemoryStore)
        #expect(memory.path == "/etc/sesame/stores/mem.db")
        #expect(memory.prefix == "app-")

        let beta = try #require(registry.providers["beta"]?.provider as? StaticProvider)
        #expect(beta.settings == StaticSettings(appID: "42"))
        #expect(beta.key == nil)
    }

    @Test("file paths: relative ones resolve against the registry's folder, ~ expands to the home folder", arguments: [
        ("certs/a.pem", "/etc/sesame/certs/a.pem"),
        ("./a.pem", "/etc/sesame/a.pem"),
        ("../keys/a.pem", "/etc/keys/a.pem"),
        ("/abs/a.pem", "/abs/a.pem"),
        ("~/x", "/home/tester/x"),
        ("~/.config/sesame/vault", "/home/tester/.config/sesame/vault"),
        ("~", "/home/tester"),
    ])
    func filePaths(written: String, resolved: String) throws {
        let registry = try TestPlugins.decode("""
        {"version": 1, "providers": {"p": {"type": "static", "appId": "1", "certificate": "\(written)"}}}
        """)
        let provider = try #require(registry.providers["p"]?.provider as? StaticProvider)
        #expect(provider.settings.certificate == resolved)
    }

    @Test("Registry.load reads a real file; relative paths resolve against that file's folder")
    func loadFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sesame-core-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("providers.json").path
        try Data(Self.valid.utf8).write(to: URL(fileURLWithPath: file))

        let registry = try Registry.load(file: file, plugins: TestPlugins.set(), context: TestPlugins.context)
        #expect(registry.source == file)
        let alpha = try #require(registry.providers["alpha"]?.provider as? StaticProvider)
        let expected = URL(fileURLWithPath: folder.path).appendingPathComponent("certs/alpha.pem").standardizedFileURL.path
        #expect(alpha.settings.certificate == expected)
    }

    @Test("Registry.load on a missing file fails with fileNotFound and says how to fix it")
    func loadMissingFile() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString)/providers.json").path
        let error = try #require(throws: RegistryError.self) {
            try Registry.load(file: missing, plugins: TestPlugins.set(), context: TestPlugins.context)
        }
        #expect(error.code == .fileNotFound)
        #expect(error.source == missing)
        #expect(error.issues.isEmpty)
        #expect(error.message.contains(missing))
        #expect(error.message.contains("--config"))
        #expect(error.message.contains("SESAME_CONFIG"))
        #expect(error.description == error.message)
    }

    @Test("provider(named:) with a typo fails with unknownProvider, a did-you-mean and the defined names")
    func unknownProviderName() throws {
        let registry = try TestPlugins.decode(Self.valid)
        let error = try #require(throws: RegistryError.self) { try registry.provider(named: "aplha") }
        #expect(error.code == .unknownProvider)
        #expect(error.message.contains("\"aplha\""))
        #expect(error.message.contains("did you mean \"alpha\"?"))
        #expect(error.message.contains("alpha, beta, gamma"))

        let far = try #require(throws: RegistryError.self) { try registry.provider(named: "something-else") }
        #expect(far.code == .unknownProvider)
        #expect(!far.message.contains("did you mean"))
    }

    @Test("a registry's descriptions name each provider and store with its type")
    func descriptions() throws {
        let registry = try TestPlugins.decode(Self.valid)
        #expect(try #require(registry.providers["alpha"]).description.hasPrefix("alpha (static)"))
        #expect(try #require(registry.keyStores["mem"]).description.hasPrefix("mem (memory)"))
    }
}
