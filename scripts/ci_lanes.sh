# Sourced by scripts/test.sh: timed steps, and lanes of steps run side by side.
#
#   step "name"          starts a timed step (ends the one before)
#   run_lanes A B C      runs the functions lane_A, lane_B, lane_C at once, each
#                        in a subshell with its output in build/ci-lanes/<lane>.log;
#                        waits for all of them, prints every log whole (a lane's
#                        failure does not hide the others' results), and fails
#                        when any lane failed. CRYPTOSHIM_CI_SERIAL=1 runs them
#                        one after another instead.
# On exit the step table lists each step's seconds and lane, each lane's sum
# and the total wall time, and marks the step a lane failed in.

ci_dir=build/ci-lanes
rm -rf "$ci_dir"
mkdir -p "$ci_dir"
ci_lane=main step_name="" step_start=$SECONDS
# The caller's stdout: each lane prints one progress line per step there, so a
# CI log shows what runs while the lanes' own output waits in their files.
exec 3>&1

step() {
  end_step 0
  step_name="$1" step_start=$SECONDS
  echo "=== $1"
  if [ "$ci_lane" != main ]; then
    printf '%s  [%s] === %s\n' "$(date +%T)" "$ci_lane" "$1" >&3
  fi
}

end_step() {  # end_step EXIT_CODE
  if [ -n "$step_name" ]; then
    local mark=""
    [ "$1" = 0 ] || mark="   <-- FAILED (exit $1)"
    printf '%5ds  %-10s %s%s\n' $((SECONDS - step_start)) "$ci_lane" "$step_name" "$mark" \
      >> "$ci_dir/$ci_lane.times"
    step_name=""
  fi
}

ci_lanes_started=()
print_step_table() {
  local lane sum
  printf '=== step times (total %ds wall)\n' "$SECONDS"
  for lane in main "${ci_lanes_started[@]}"; do
    [ -f "$ci_dir/$lane.times" ] || continue
    cat "$ci_dir/$lane.times"
    if [ "$lane" != main ]; then
      sum=$(awk '{s += $1} END {print s + 0}' "$ci_dir/$lane.times")
      printf '%5ds  %-10s (lane total)\n' "$sum" "$lane"
    fi
  done
}
trap 'rc=$?; end_step $rc; print_step_table' EXIT

run_one_lane() {
  local lane="$1"
  (
    set -euo pipefail
    ci_lane="$lane" step_name=""
    trap 'end_step $?' EXIT
    "lane_$lane"
  ) > "$ci_dir/$lane.log" 2>&1
}

run_lanes() {
  end_step 0
  local lane pids=() failed=()
  ci_lanes_started=("$@")
  for lane in "$@"; do
    # Always a background job, waited for: inside `cmd || ...` bash ignores
    # set -e, and a lane must stop at its first failing command.
    run_one_lane "$lane" &
    pids+=($!)
    if [ "${CRYPTOSHIM_CI_SERIAL:-0}" = 1 ]; then
      wait "${pids[-1]}" || failed+=("$lane")
    fi
  done
  if [ "${CRYPTOSHIM_CI_SERIAL:-0}" != 1 ]; then
    local i
    for i in "${!pids[@]}"; do
      wait "${pids[$i]}" || failed+=("${ci_lanes_started[$i]}")
    done
  fi
  for lane in "$@"; do
    printf '\n########## lane %s (%s)\n' "$lane" "$ci_dir/$lane.log"
    cat "$ci_dir/$lane.log"
  done
  if ((${#failed[@]})); then
    printf '\nFAILED lanes: %s (the step table below marks the step)\n' "${failed[*]}"
    return 1
  fi
}
