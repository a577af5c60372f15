#!/bin/bash
# featureflow: match a big SAE set as a Slurm job array of N shards, then merge.
#
#   sbatch docs/slurm-match.sh /shared/gemma-scope-2b      # submits N shard tasks + the merge
#
# Every task reads the same SAE folder (a shared file system) and writes its own shard database;
# the merge job starts when all tasks succeeded (afterok) and refuses shards of different runs.
#SBATCH --job-name=featureflow-match
#SBATCH --array=0-7                 # N = 8 shards: task i computes slice i/8
#SBATCH --cpus-per-task=8
#SBATCH --mem=8G                    # ~0.5 GB per 16k layer pair in flight; raise for 65k/1M widths
#SBATCH --time=02:00:00
#SBATCH --output=featureflow-match-%A_%a.log
set -euo pipefail

INPUT=${1:?usage: sbatch slurm-match.sh SAE_FOLDER [OUT_DIR]}
OUT=${2:-$PWD/featureflow-shards}
N=${SLURM_ARRAY_TASK_COUNT:-8}
I=${SLURM_ARRAY_TASK_ID:?run as a job array}
mkdir -p "$OUT"

export OPENBLAS_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}
# Same options in every task (merge checks them); add --approx for approximate matching.
featureflow match "$INPUT" --db "$OUT/shard-$I-of-$N.sqlite" --shard "$I/$N" --quiet

# Task 0 queues the merge; it starts only once every task of the array has succeeded.
if [ "$I" -eq 0 ]; then
  sbatch --dependency=afterok:"$SLURM_ARRAY_JOB_ID" --job-name=featureflow-merge \
    --output=featureflow-merge-%j.log \
    --wrap "featureflow merge '$OUT/flow.sqlite' $OUT/shard-*-of-$N.sqlite"
fi
