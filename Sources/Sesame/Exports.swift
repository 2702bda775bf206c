@_exported import SesameCore
@_exported import SesameCoze
@_exported import SesameJOSE
@_exported import SesameKeyStores
@_exported import SesameVault
