#!/usr/bin/env bash
# Monte Carlo of a scenario as a Slurm job array: each array task computes one shard of the
# runs with `vigil montecarlo --shard K/N`, writing to a shared folder; a dependent job merges.
# Results are byte-identical to one process doing all runs (run indices pick the random streams).
# Build with `cargo build --release -p vigil-cli --features parquet` for runs.parquet per shard.
# A sharded sweep is the same pattern: `vigil sweep … --shard K/N`, then `vigil sweep … --merge`.
#
#   sbatch --array=1-16 deploy/slurm-montecarlo.sh scenarios/default.toml 10000 /shared/vigil/mc
#   sbatch --dependency=afterok:<array job id> --wrap \
#     "vigil merge /shared/vigil/mc/shard-* --scenario scenarios/default.toml --out /shared/vigil/mc/all"
#
#SBATCH --job-name=vigil-mc
#SBATCH --cpus-per-task=8
#SBATCH --time=02:00:00
#SBATCH --output=vigil-mc-%A_%a.log
set -euo pipefail
scenario=${1:?scenario file}
runs=${2:?number of runs}
out=${3:?shared output folder}
shards=${SLURM_ARRAY_TASK_COUNT:?run as a job array}
k=${SLURM_ARRAY_TASK_ID:?run as a job array}
export RAYON_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}
vigil montecarlo "$scenario" --runs "$runs" --shard "$k/$shards" --out "$out/shard-$k"
