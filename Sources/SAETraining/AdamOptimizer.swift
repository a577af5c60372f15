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
        let (rate, epsHat) = nextStep()
        let (b1, b2) = (beta1, beta2)
        parameters.withUnsafeMutableBufferPointer { p in
            gradient.withUnsafeBufferPointer { g in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        Self.update(
                            p.baseAddress!, g.baseAddress!, m.baseAddress!, v.baseAddress!, count: p.count,
                            b1: b1, b2: b2, rate: rate, epsHat: epsHat)
                    }
                }
            }
        }
    }

    /// The step of unit-length rows (the decoder's), row by row while each row is in cache: the gradient's
    /// component along the row is removed (`g −= (g·d) d`, so the step cannot change the row's length to
    /// first order), Adam steps with that gradient, and the row is rescaled to unit length. Equals
    /// removing the components, `step`, then normalising the rows, up to rounding.
    public mutating func stepUnitRows(_ parameters: inout [Float], gradient: inout [Float], columns: Int) {
        precondition(parameters.count == gradient.count && gradient.count == firstMoment.count, "Adam: shapes differ")
        precondition(columns > 0 && parameters.count % columns == 0, "Adam: rows of \(columns) values")
        let (rate, epsHat) = nextStep()
        let (b1, b2) = (beta1, beta2)
        parameters.withUnsafeMutableBufferPointer { p in
            gradient.withUnsafeMutableBufferPointer { g in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        for start in stride(from: 0, to: p.count, by: columns) {
                            let row = p.baseAddress! + start
                            let rowGradient = g.baseAddress! + start
                            let along = VectorMath.dot(rowGradient, row, count: columns)
                            if along != 0 { for i in 0..<columns { rowGradient[i] -= along * row[i] } }
                            Self.update(
                                row, rowGradient, m.baseAddress! + start, v.baseAddress! + start, count: columns,
                                b1: b1, b2: b2, rate: rate, epsHat: epsHat)
                            let norm = VectorMath.dot(row, row, count: columns).squareRoot()
                            if norm > 0 && norm.isFinite {
                                let scale = 1 / norm
                                for i in 0..<columns { row[i] *= scale }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Forgets the moments of the parameters in `range` (a re-initialised parameter starts afresh).
    public mutating func resetMoments(_ range: Range<Int>) {
        for i in range {
            firstMoment[i] = 0
            secondMoment[i] = 0
        }
    }

    /// Counts a step; its bias-corrected rate and epsilon.
    private mutating func nextStep() -> (rate: Float, epsHat: Float) {
        steps += 1
        let correction1 = 1 - Float(pow(Double(beta1), Double(steps)))
        let correction2 = 1 - Float(pow(Double(beta2), Double(steps)))
        return (learningRate * correction2.squareRoot() / correction1, epsilon * correction2.squareRoot())
    }

    /// The moment updates and the parameter step over `count` values.
    @inline(__always)
    private static func update(
        _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
        _ v: UnsafeMutablePointer<Float>, count: Int, b1: Float, b2: Float, rate: Float, epsHat: Float
    ) {
        for i in 0..<count {
            m[i] = b1 * m[i] + (1 - b1) * g[i]
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
            p[i] -= rate * m[i] / (v[i].squareRoot() + epsHat)
        }
    }
}
