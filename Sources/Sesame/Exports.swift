@_exported import SesameBuiltIns
@_exported import SesameCore
@_exported import SesameCoze
@_exported import SesameHTTP
@_exported import SesameJOSE
@_exported import SesameKeyStores
@_exported import SesameOAuth2
@_exported import SesameVault
