// The emulator impersonates the same regions the provider targets: one definition for both.
@_exported import enum SesameCoze.CozeRegion
