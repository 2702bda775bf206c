import Foundation
import SesameTestSupport

/// The throwaway PostgreSQL server `scripts/with-postgres.sh` starts (and `make test` with it), as its
/// variables describe it, with the tools to stop, start, query and dump it.
struct PostgresTestServer: Sendable {
    /// `postgres://sesame@127.0.0.1:PORT/sesame_test`: a role with trust authentication.
    let url: String
    /// `postgres://sesame_pw@127.0.0.1:PORT/sesame_test`: a role that must give ``password``.
    let passwordURL: String
    /// `sesame_pw`'s password.
    let password: String
    /// The server's bin folder (pg_ctl, psql, pg_dump).
    let bin: String
    /// The cluster's data folder.
    let data: String
    /// The system user owning the cluster (pg_ctl runs as it); empty when the tests are not root.
    let owner: String
    /// The server's self-signed certificate, to trust with `sslrootcert`.
    let certificate: String

    /// The server of this run.
    ///
    /// - Throws: ``TestSetupError`` saying how to start one when the variables are missing: these
    ///   tests fail rather than skip, so a run without PostgreSQL cannot pass as a full run.
    static func current() throws -> PostgresTestServer {
        let environment = ProcessInfo.processInfo.environment
        func variable(_ name: String) throws -> String {
            guard let value = environment[name] else {
                throw TestSetupError(
                    "\(name) is not set: the postgres token store tests need a real PostgreSQL server; run them under scripts/with-postgres.sh (e.g. `scripts/with-postgres.sh swift test --filter SesamePostgresCacheTests`) or with `make test`, which start a throwaway one"
                )
            }
            return value
        }
        return PostgresTestServer(
            url: try variable("SESAME_TEST_POSTGRES_URL"),
            passwordURL: try variable("SESAME_TEST_POSTGRES_PASSWORD_URL"),
            password: try variable("SESAME_TEST_POSTGRES_PASSWORD"),
            bin: try variable("SESAME_TEST_POSTGRES_BIN"),
            data: try variable("SESAME_TEST_POSTGRES_DATA"),
            owner: try variable("SESAME_TEST_POSTGRES_USER"),
            certificate: try variable("SESAME_TEST_POSTGRES_CA")
        )
    }

    /// Runs `sql` as the trusted role; returns the output unaligned, tuples only.
    @discardableResult
    func psql(_ sql: String) async throws -> String {
        try await run(bin + "/psql", ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
    }

    /// `pg_dump` of `table`: schema and data, as an operator would take it.
    func dump(table: String) async throws -> String {
        try await run(bin + "/pg_dump", ["--table=\(table)", "-d", url])
    }

    /// Stops the server (fast shutdown: connections are closed) and waits until it has stopped.
    func stop() async throws {
        try await run(bin + "/pg_ctl", ["-D", data, "-w", "-m", "fast", "stop"], asOwner: true)
    }

    /// Starts the server again with the same settings and waits until it accepts connections.
    func start() async throws {
        let log = (data as NSString).deletingLastPathComponent + "/server.log"
        try await run(bin + "/pg_ctl", ["-D", data, "-w", "-t", "60", "-l", log, "start"], asOwner: true)
    }

    /// A `psql` process holding `pg_advisory_xact_lock(lockID)` in an open transaction, returned once
    /// the server shows the lock granted. Kill it to end the transaction as a crash would.
    func holdLock(_ lockID: Int64) async throws -> LockHolder {
        let folder = try TemporaryFolder(prefix: "sesame-psql")
        let child = try SpawnedTool.start(
            [bin + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url],
            output: folder.file("out"), errors: folder.file("err"), withInput: true
        )
        let holder = LockHolder(child: child, folder: folder)
        try child.write("BEGIN;\nSELECT pg_advisory_xact_lock(\(lockID));\n")
        let deadline = ContinuousClock.now + .seconds(20)
        while try await grantedLocks(lockID) == 0 {
            guard ContinuousClock.now < deadline else {
                await holder.kill()
                throw TestSetupError("psql did not take advisory lock \(lockID) within 20 s: \((try? folder.text("err")) ?? "")")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return holder
    }

    /// How many sessions hold advisory lock `lockID` (pg_locks splits a bigint key into two oids).
    func grantedLocks(_ lockID: Int64) async throws -> Int {
        let bits = UInt64(bitPattern: lockID)
        let output = try await psql("""
            SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
            AND classid = \(bits >> 32) AND objid = \(bits & 0xffff_ffff) AND objsubid = 1
            """)
        guard let count = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestSetupError("pg_locks count is not a number: \(output)")
        }
        return count
    }

    /// The process IDs of the sessions holding advisory lock `lockID`.
    func holders(of lockID: Int64) async throws -> [Int32] {
        let bits = UInt64(bitPattern: lockID)
        let output = try await psql("""
            SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
            AND classid = \(bits >> 32) AND objid = \(bits & 0xffff_ffff) AND objsubid = 1
            """)
        return output.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
    }

    /// Ends the sessions holding advisory lock `lockID` the way a server shutdown does
    /// (`pg_terminate_backend`: the backend says FATAL 57P01 and closes the connection); returns how many.
    @discardableResult
    func terminateHolders(of lockID: Int64) async throws -> Int {
        let bits = UInt64(bitPattern: lockID)
        let output = try await psql("""
            SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted
            AND classid = \(bits >> 32) AND objid = \(bits & 0xffff_ffff) AND objsubid = 1) AS ended
            """)
        guard let count = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestSetupError("pg_terminate_backend count is not a number: \(output)")
        }
        return count
    }

    /// Runs a tool to its end (as the cluster's owner when `asOwner` and the tests are root).
    @discardableResult
    func run(_ tool: String, _ arguments: [String], asOwner: Bool = false) async throws -> String {
        if asOwner && !owner.isEmpty {
            return try await SpawnedTool.run(["/usr/sbin/runuser", "-u", owner, "--", tool] + arguments)
        }
        return try await SpawnedTool.run([tool] + arguments)
    }
}

/// A `psql` holding a lock; ``kill()`` ends it with SIGKILL.
struct LockHolder: Sendable {
    let child: SpawnedTool
    let folder: TemporaryFolder

    /// SIGKILL, then waits for the process to end.
    func kill() async {
        await child.kill()
    }
}
