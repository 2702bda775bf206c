// swift-tools-version: 6.0
// ThreadSanitizer's view of Synchronization.Mutex on Linux (see ../SynchronizationMutexAnnotations.c).
// Built and run by scripts/sanitize.sh; not part of Sesame's package.
import PackageDescription

let package = Package(
    name: "MutexRepro",
    platforms: [.macOS(.v15)],
    targets: [.executableTarget(name: "MutexRepro")]
)
