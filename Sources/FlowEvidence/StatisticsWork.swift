import FlowCore
import LinearAlgebra
import SAEEncoding

/// One batch's statistics as independent tasks: task i < SAE count adds the batch to accumulator i, the
/// others add it to one layer's group and co-activation counts. Each task writes only its own object.
final class StatisticsWork: @unchecked Sendable {
    let saes: [EvidenceSAE]
    let accumulators: [SAEAccumulator]
    let flows: [FlowAccumulator]
    let layers: [Int]
    let index: [String: Int]
    let inputs: [String: Matrix]
    let codes: [SparseCodes]
    let sequences: [Int32]
    let positions: [Int32]

    init(
        saes: [EvidenceSAE], accumulators: [SAEAccumulator], flows: [FlowAccumulator], layers: [Int],
        index: [String: Int], inputs: [String: Matrix], codes: [SparseCodes], sequences: [Int32], positions: [Int32]
    ) {
        self.saes = saes
        self.accumulators = accumulators
        self.flows = flows
        self.layers = layers
        self.index = index
        self.inputs = inputs
        self.codes = codes
        self.sequences = sequences
        self.positions = positions
    }

    func run(_ task: Int) {
        if task < saes.count {
            let sae = saes[task]
            inputs[sae.hookName]!.values.withUnsafeBufferPointer { x in
                sae.decoder.withUnsafeBufferPointer { w in
                    accumulators[task].add(
                        inputs: x, codes: codes[task], sequences: sequences, positions: positions, decoder: w,
                        decoderBias: sae.decoderBias)
                }
            }
            return
        }
        let n = task - saes.count
        let layer = layers[n]
        guard let target = index["\(layer)/res"] else { return }
        var predecessors: [HookSite: SparseCodes] = [:]
        for (hookSite, predecessorLayer) in [(HookSite.res, layer - 1), (.mlp, layer), (.att, layer)] {
            if let i = index["\(predecessorLayer)/\(hookSite.rawValue)"] { predecessors[hookSite] = codes[i] }
        }
        flows[n].add(target: codes[target], predecessors: predecessors)
    }
}
