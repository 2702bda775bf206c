/// The mutable state of one registry build: issues found so far, the stores built so far.
final class RegistryBuild {
    let directory: String
    let context: RegistryContext
    var issues: [ConfigIssue] = []
    var declaredKeyStores: Set<String> = []
    var keyStores: [String: any KeyStore] = [:]
    /// Every section handed out, checked for unknown keys once its factory has returned.
    var openSections: [ConfigSection] = []

    init(directory: String, context: RegistryContext) {
        self.directory = directory
        self.context = context
    }

    func section(at path: ConfigPath, _ fields: [String: JSONValue]) -> ConfigSection {
        let section = ConfigSection(path: path, fields: fields, build: self)
        openSections.append(section)
        return section
    }

    func closeSections() {
        for section in openSections { section.reportUnknownKeys() }
        openSections.removeAll()
    }
}
