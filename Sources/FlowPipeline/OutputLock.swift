import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock(2)` on a lock file, so two builds into one site folder run one after the other.
///
/// The lock belongs to the open file: the system releases it when the holder closes it (`release()`, or when
/// the lock is deinitialised) and when the process ends, however it ends, so a killed build never leaves a
/// stale lock. The file itself stays (removing it would let a third build lock a new file while a second
/// still waits on the old one).
public final class OutputLock {
    /// The lock file.
    public let path: String
    private var descriptor: Int32

    /// Locks `path` (created when missing). When another holder has it, calls `waiting` once with a sentence to
    /// show, then waits until the holder releases it.
    public init(path: String, waiting: (String) -> Void) throws {
        self.path = path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PipelineError(path: path, .lock(detail: Self.systemMessage())) }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return }
        guard errno == EWOULDBLOCK else { throw failure() }
        waiting("another build is writing this site; waiting for it to finish (lock: \(path))")
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw failure() }
        }
    }

    /// Releases the lock (also done on deinit).
    public func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    private func failure() -> PipelineError {
        let error = PipelineError(path: path, .lock(detail: Self.systemMessage()))
        release()
        return error
    }

    private static func systemMessage() -> String { String(cString: strerror(errno)) }
}
