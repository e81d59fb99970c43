#!/usr/bin/env bash
# Benchmarks of `cc-lint check` (release build), in one run:
#   1. one home with system, global (with an include), local and AWS files: median wall time
#      over many runs, with and without the git probe;
#   2. `check --repos` over 250 and 1,000 generated repositories with CodeCommit remotes, to
#      show the cost is linear in the number of repositories.
#
#   scripts/bench-check.sh [RUNS=50]
#
# Wall time is measured in Python around subprocess.run (fork + exec included). Offline;
# everything lives in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}
target=${CARGO_TARGET_DIR:-target}
bin="$target/release/cc-lint"
[ -x "$bin" ] || cargo build --release
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/system" "$root/home/.aws" "$root/home/.config/git"
printf '[core]\n\tautocrlf = true\n[credential]\n\thelper = manager\n' > "$root/system/gitconfig"
cat > "$root/home/.gitconfig" <<'CFG'
[user]
	name = Bench Mark
	email = bench@example.com
[include]
	path = .config/git/codecommit.inc
[alias]
	st = status
	co = checkout
CFG
for form in 'https://git-codecommit.*.amazonaws.com' 'https://git-codecommit-fips.*.amazonaws.com' 'https://git-codecommit.*.amazonaws.com.cn' 'https://*.git-codecommit.*.vpce.amazonaws.com' 'https://*.git-codecommit-fips.*.vpce.amazonaws.com'; do
  printf '[credential "%s"]\n\thelper =\n\thelper = !aws --profile dev codecommit credential-helper $@\n\tUseHttpPath = true\n' "$form" >> "$root/home/.config/git/codecommit.inc"
done
printf '[default]\nregion = us-east-1\n[profile dev]\nregion = us-east-2\n[profile role]\nrole_arn = arn:aws:iam::111111111111:role/x\nsource_profile = dev\n' > "$root/home/.aws/config"
printf '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n[dev]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n' > "$root/home/.aws/credentials"
make_repo() { # dir url
  mkdir -p "$1/.git/objects" "$1/.git/refs/heads"
  printf 'ref: refs/heads/main\n' > "$1/.git/HEAD"
  printf '[core]\n\trepositoryformatversion = 0\n\tbare = false\n[remote "origin"]\n\turl = %s\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch "main"]\n\tremote = origin\n\tmerge = refs/heads/main\n' "$2" > "$1/.git/config"
}
make_repo "$root/home/work/app" "https://git-codecommit.us-east-2.amazonaws.com/v1/repos/app"
for n in 250 1000; do
  for i in $(seq 1 $n); do
    make_repo "$root/many$n/repo$i" "https://git-codecommit.us-east-$((i % 2 + 1)).amazonaws.com/v1/repos/repo$i"
  done
done
export ROOT="$root" BIN="$(realpath "$bin")" RUNS="$runs"
python3 - <<'PY'
import os, statistics, subprocess, time
root, bin_, runs = os.environ["ROOT"], os.environ["BIN"], int(os.environ["RUNS"])
env = {"PATH": os.environ["PATH"], "HOME": f"{root}/home", "GIT_CONFIG_SYSTEM": f"{root}/system/gitconfig", "NO_COLOR": "1"}
def timed(argv, cwd, n, env=env):
    out = []
    for _ in range(n):
        t = time.perf_counter()
        p = subprocess.run(argv, cwd=cwd, env=env, capture_output=True)
        out.append(time.perf_counter() - t)
        if p.returncode not in (0, 1):
            raise SystemExit(f"{argv} failed: {p.stderr.decode()}")
    out.sort()
    return statistics.median(out), out[0], out[int(len(out) * 0.9) - 1]
print(f"cc-lint check, one home (system + global + include + local + AWS files), {runs} runs:")
# with the probe, git is asked where its system file is (GIT_CONFIG_SYSTEM unset for that run)
probe_env = {k: v for k, v in env.items() if k != "GIT_CONFIG_SYSTEM"}
for label, args, e in [("--no-probe", ["--no-probe"], env), ("with probe", [], probe_env)]:
    med, lo, p90 = timed([bin_, "check", "--format", "json", *args], f"{root}/home/work/app", runs, e)
    print(f"  {label:11} median {med*1000:6.1f} ms  (min {lo*1000:.1f} / p90 {p90*1000:.1f})")
print("cc-lint check --repos (5 runs each):")
res = {}
for n in (250, 1000):
    med, lo, p90 = timed([bin_, "check", "--no-probe", "--format", "json", "--repos", f"many{n}/*"], root, 5)
    res[n] = med
    print(f"  {n:5} repositories: median {med*1000:7.1f} ms  ({med/n*1e6:.0f} µs per repository)")
print(f"  1000 / 250 time ratio: {res[1000]/res[250]:.2f} (4.00 is linear)")
PY
