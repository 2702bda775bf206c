// Never built successfully: its providers.json is invalid on purpose.
print("unreachable")
