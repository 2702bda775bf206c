/// Yields until `condition` holds, or the waiting task is cancelled (a test's time limit). For states
/// with no event to await, such as "every caller has joined the exchange"; it never sleeps and asserts
/// nothing about time.
func eventually(_ condition: () async -> Bool) async {
    while await !condition(), !Task.isCancelled {
        await Task.yield()
    }
}

extension Task where Failure == any Error {
    /// The task's value. If the waiting task is cancelled (a test's time limit), this task is cancelled
    /// too, so that a hung operation ends the test instead of blocking it.
    var joined: Success {
        get async throws {
            try await withTaskCancellationHandler { try await value } onCancel: { cancel() }
        }
    }

    /// The task's result, cancelling the task when the waiting task is cancelled; see ``joined``.
    var joinedResult: Result<Success, any Error> {
        get async {
            await withTaskCancellationHandler { await result } onCancel: { cancel() }
        }
    }
}

/// The outcome of `body`, success or error, as a value.
func outcome<Value>(_ body: () async throws -> Value) async -> Result<Value, any Error> {
    do {
        return .success(try await body())
    } catch {
        return .failure(error)
    }
}

extension Result {
    /// Whether this is a failure with `CancellationError`.
    var isCancellation: Bool {
        if case .failure(let error) = self { return error is CancellationError }
        return false
    }

    /// The error of a failure, else `nil`.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
