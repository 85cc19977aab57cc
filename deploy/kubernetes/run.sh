#!/usr/bin/env bash
# golden-path on Kubernetes from start to end, in kubectl's current context and namespace: the shards
# as an Indexed Job, the merge once that Job is Complete or Failed, and the run's reports (summary.json,
# index.html, every shard's files) copied to reports/kubernetes/<run>. Exits with the merge's code:
# 0 passed, 1 a check failed or a shard is missing, 2 nothing to merge or a Job that never ended.
#   deploy/kubernetes/run.sh
# GOLDEN_PATH_RUN names the run (default: the UTC time), GOLDEN_PATH_OUT where its reports go.
set -euo pipefail

here=$(dirname "$0")
run=${GOLDEN_PATH_RUN:-$(date -u +%Y%m%dT%H%M%SZ)}
out=${GOLDEN_PATH_OUT:-reports/kubernetes/$run}
poll=${GOLDEN_PATH_POLL_S:-10}

# Prints Complete or Failed once the Job has either. Never wait for Complete alone: a Job with a
# failed index never completes, and that wait would hang until its timeout. (FailureTarget comes
# first while pods still stop; Failed once all have, so every shard's files are written by then.)
job_end() {
  local job=$1 limit=$2 deadline=$((SECONDS + $2)) conditions
  while true; do
    conditions=$(kubectl get "job/$job" -o jsonpath='{.status.conditions[?(@.status=="True")].type}')
    for end in Complete Failed; do
      if grep -qw "$end" <<<"$conditions"; then echo "$end"; return 0; fi
    done
    if ((SECONDS >= deadline)); then
      echo "golden-path: job/$job is neither Complete nor Failed after $limit s" >&2
      return 2
    fi
    sleep "$poll"
  done
}

# Jobs are immutable: the previous run's go before this run's start.
kubectl delete job golden-path-shards golden-path-merge --ignore-not-found
kubectl delete pod golden-path-collect --ignore-not-found
# Every file of this run lives under /reports/runs/<run>: the volume outlives runs, and a shard that
# wrote nothing tonight must be missing from the merge, not stand in with last night's files.
kubectl create configmap golden-path-run --from-literal=run="$run" --dry-run=client -o yaml | kubectl apply -f -
kubectl apply -f "$here/golden-path-shards.yaml"

# Longer than the Job's activeDeadlineSeconds (1800): the Job ends itself, Failed, before this gives up.
shards=$(job_end golden-path-shards 1900) || exit 2
if [[ $shards == Failed ]]; then
  echo "golden-path: shards Failed (failed indexes, 0-based: $(kubectl get job/golden-path-shards -o jsonpath='{.status.failedIndexes}')); merging every shard's files"
else
  echo "golden-path: shards Complete; merging"
fi

# Merged whatever the shards did: a failed shard's report is the one people need.
kubectl apply -f "$here/golden-path-merge.yaml"
job_end golden-path-merge 700 >/dev/null || exit 2
kubectl logs job/golden-path-merge
code=$(kubectl get pods -l job-name=golden-path-merge -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.exitCode}')

# A copy that fails leaves the verdict as it is: the files stay on the volume.
if kubectl apply -f "$here/golden-path-collect.yaml" &&
  kubectl wait --for=condition=Ready --timeout=120s pod/golden-path-collect &&
  mkdir -p "$(dirname "$out")" &&
  kubectl cp "golden-path-collect:/reports/runs/$run" "$out"; then
  echo "golden-path: run $run: reports in $out (index.html, summary.json, shards/)"
else
  echo "golden-path: run $run: could not copy the reports out; they are on the volume golden-path-reports under runs/$run" >&2
fi
kubectl delete pod golden-path-collect --ignore-not-found --wait=false || true
exit "${code:-2}"
