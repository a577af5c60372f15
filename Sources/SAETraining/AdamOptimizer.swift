import Foundation

/// Adam (Kingma & Ba 2015) with bias correction, over one flat parameter array.
public struct AdamOptimizer: Sendable, Equatable {
    /// Step size.
    public var learningRate: Float
    /// First-moment decay.
    public var beta1: Float = 0.9
    /// Second-moment decay.
    public var beta2: Float = 0.999
    /// Added to the second moment's square root.
    public var epsilon: Float = 1e-8
    private var firstMoment: [Float]
    private var secondMoment: [Float]
    private var steps = 0

    /// An optimiser for `count` parameters.
    public init(count: Int, learningRate: Float) {
        self.learningRate = learningRate
        firstMoment = [Float](repeating: 0, count: count)
        secondMoment = [Float](repeating: 0, count: count)
    }

    /// `parameters −= lr · m̂ / (√v̂ + ε)` after folding `gradient` into the moments.
    public mutating func step(_ parameters: inout [Float], gradient: [Float]) {
        precondition(parameters.count == gradient.count && gradient.count == firstMoment.count, "Adam: shapes differ")
        steps += 1
        let b1 = beta1
        let b2 = beta2
        let eps = epsilon
        let correction1 = 1 - Float(pow(Double(b1), Double(steps)))
        let correction2 = 1 - Float(pow(Double(b2), Double(steps)))
        let rate = learningRate * correction2.squareRoot() / correction1
        let epsHat = eps * correction2.squareRoot()
        parameters.withUnsafeMutableBufferPointer { p in
            gradient.withUnsafeBufferPointer { g in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        for i in 0..<p.count {
                            m[i] = b1 * m[i] + (1 - b1) * g[i]
                            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                            p[i] -= rate * m[i] / (v[i].squareRoot() + epsHat)
                        }
                    }
                }
            }
        }
    }
}
