#!/usr/bin/env bash
# Side-by-side benchmark of `cc-lint credential-helper get` (release build) and
# `aws codecommit credential-helper get` on the same static-key profile.
#
#   scripts/bench-helper.sh [RUNS_CC_LINT=50] [RUNS_AWS=10]
#
# Wall time: median (min / p90) over N runs, measured in Python around
# subprocess.run, so fork + exec are included. Peak RSS: median of 5 runs of
# /usr/bin/time -v. Everything runs in a temporary HOME, offline.
set -euo pipefail
cd "$(dirname "$0")/.."

runs_cc=${1:-50}
runs_aws=${2:-10}
target=${CARGO_TARGET_DIR:-target}
bin="$target/release/cc-lint"
if [ ! -x "$bin" ]; then
  cargo build --release
fi
command -v aws >/dev/null || { echo "bench-helper: the AWS CLI (aws) is required" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench-helper: /usr/bin/time is required (apt-get install time)" >&2; exit 2; }

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/.aws"
printf '[profile bench]\nregion = us-east-1\n' > "$home/.aws/config"
printf '[bench]\naws_access_key_id = AKIDBENCHEXAMPLE\naws_secret_access_key = bench/secret+key=\n' > "$home/.aws/credentials"
chmod 600 "$home/.aws/credentials"

export HOME_FOR_BENCH="$home" CC_LINT_BIN="$(realpath "$bin")" RUNS_CC="$runs_cc" RUNS_AWS="$runs_aws"
python3 - <<'PY'
import os, statistics, subprocess, time

home = os.environ["HOME_FOR_BENCH"]
env = {
    "PATH": os.environ["PATH"],
    "HOME": home,
    "AWS_CONFIG_FILE": f"{home}/.aws/config",
    "AWS_SHARED_CREDENTIALS_FILE": f"{home}/.aws/credentials",
    "AWS_EC2_METADATA_DISABLED": "true",
}
request = b"protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\npath=v1/repos/bench\n\n"
commands = {
    "cc-lint credential-helper get": ([os.environ["CC_LINT_BIN"], "credential-helper", "--profile", "bench", "get"], int(os.environ["RUNS_CC"])),
    "aws codecommit credential-helper get": (["aws", "--profile", "bench", "codecommit", "credential-helper", "get"], int(os.environ["RUNS_AWS"])),
}

def run(argv):
    p = subprocess.run(argv, input=request, env=env, capture_output=True)
    if p.returncode != 0 or not p.stdout.startswith(b"username=AKIDBENCHEXAMPLE\npassword="):
        raise SystemExit(f"{argv[0]} failed: {p.returncode} {p.stderr.decode()[:500]}")
    return p.stdout

def rss_kib(argv):
    p = subprocess.run(["/usr/bin/time", "-v", *argv], input=request, env=env, capture_output=True)
    for line in p.stderr.decode().splitlines():
        if "Maximum resident set size" in line:
            return int(line.split(":")[1])
    raise SystemExit("no RSS from /usr/bin/time -v")

results = {}
for name, (argv, n) in commands.items():
    run(argv)  # warm the page cache
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        run(argv)
        times.append(time.perf_counter() - t0)
    times.sort()
    rss = statistics.median(rss_kib(argv) for _ in range(5))
    p90 = times[min(len(times) - 1, int(round(0.9 * (len(times) - 1))))]
    results[name] = (statistics.median(times), times[0], p90, rss, n)

ours = results["cc-lint credential-helper get"]
aws = results["aws codecommit credential-helper get"]
print("| command | runs | wall median (min / p90) | peak RSS (median of 5) |")
print("|---|---|---|---|")
for name, (med, lo, p90, rss, n) in results.items():
    print(f"| `{name}` | {n} | {med*1000:.1f} ms ({lo*1000:.1f} / {p90*1000:.1f}) | {rss/1024:.1f} MiB |")
print()
print(f"speed-up (median wall): {aws[0]/ours[0]:.0f}x; cc-lint peak RSS {ours[3]/1024:.1f} MiB")
ok_speed = aws[0] / ours[0] >= 100
ok_rss = ours[3] / 1024 < 10
print(f"quality bar: >=100x faster: {'yes' if ok_speed else 'NO'}; <10 MiB RSS: {'yes' if ok_rss else 'NO'}")
PY
