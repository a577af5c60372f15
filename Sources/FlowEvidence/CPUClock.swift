import Foundation

/// CPU seconds used by the whole process (every thread, OpenBLAS's included): on a shared machine wall
/// time mostly measures the other processes, CPU time what this one did.
enum CPUClock {
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
