#!/usr/bin/env bash
# Bounded work on hostile inputs (issue 11), `cc-lint check --no-probe --format json`,
# release build, in one run:
#   1. n `[credential "<url>"]` sections, each with a CodeCommit helper naming its own profile,
#      for n = 2,500 / 5,000 / 10,000: the time must grow linearly;
#   2. a `source_profile` chain of n profiles ending at keys, ending at a profile without
#      credentials, and closing into a loop, for n = 750 / 1,500 / 3,000;
#   3. six `include.path = ~/.gitconfig` lines (git stops at depth 10), an include of
#      /dev/zero, and a FIFO as the system config: each must end at once.
#
#   scripts/bench-security.sh [RUNS=5]
#
# Wall time is measured in Python around subprocess.run (fork + exec included), median of
# RUNS. Offline; everything lives in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
target=${CARGO_TARGET_DIR:-target}
bin="$target/release/cc-lint"
[ -x "$bin" ] || cargo build --release
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
export ROOT="$root" BIN="$(realpath "$bin")" RUNS="$runs"
python3 - <<'PY'
import os, statistics, subprocess, time
root, bin_, runs = os.environ["ROOT"], os.environ["BIN"], int(os.environ["RUNS"])

def home(name, gitconfig="", awsconfig=None):
    h = f"{root}/{name}"
    os.makedirs(f"{h}/.aws", exist_ok=True)
    with open(f"{h}/.gitconfig", "w") as f:
        f.write(gitconfig)
    if awsconfig is not None:
        with open(f"{h}/.aws/config", "w") as f:
            f.write(awsconfig)
    return h

def timed(h, extra_env=None, n=runs):
    env = {"PATH": os.environ["PATH"], "HOME": h, "GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "1"}
    env.update(extra_env or {})
    out = []
    for _ in range(n):
        t = time.perf_counter()
        p = subprocess.run([bin_, "check", "--no-probe", "--format", "json"], cwd=h, env=env,
                           capture_output=True, timeout=120)
        out.append(time.perf_counter() - t)
        if p.returncode not in (0, 1):
            raise SystemExit(f"check failed: {p.stderr.decode()}")
    return statistics.median(out), len(p.stdout)

def sections(n):
    return "".join(
        f'[credential "https://git-codecommit.us-east-{i % 2 + 1}.amazonaws.com/v1/repos/r{i}"]\n'
        f"\thelper = !aws --profile p{i} codecommit credential-helper $@\n\tUseHttpPath = true\n"
        for i in range(n))

def chain(n, end):
    text = ""
    for i in range(n):
        if i == n - 1 and end == "keys":
            text += f"[profile p{i}]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n"
        elif i == n - 1 and end == "empty":
            text += f"[profile p{i}]\nregion = us-east-1\n"
        else:
            nxt = 0 if (i == n - 1) else i + 1
            text += f"[profile p{i}]\nrole_arn = arn:aws:iam::111111111111:role/r\nsource_profile = p{nxt}\n"
    return text

print(f"cc-lint check --no-probe --format json, median of {runs} runs:")
res = {}
for n in (2500, 5000, 10000):
    med, size = timed(home(f"sections{n}", sections(n)))
    res[n] = med
    print(f"  {n:6} credential sections:           {med*1000:7.1f} ms  ({size/1e6:.1f} MB of findings)")
print(f"  10,000 / 2,500 time ratio: {res[10000]/res[2500]:.2f} (4.00 is linear)")
for end in ("keys", "empty", "loop"):
    res = {}
    for n in (750, 1500, 3000):
        med, size = timed(home(f"chain-{end}{n}", "", chain(n, end)))
        res[n] = med
        print(f"  {n:6} profiles, chain ending {end:5}:  {med*1000:7.1f} ms  ({size/1e6:.2f} MB of findings)")
    print(f"  3,000 / 750 time ratio ({end}): {res[3000]/res[750]:.2f} (4.00 is linear)")
bomb = home("bomb", "[include]\n\tpath = ~/.gitconfig\n" * 6)
med, _ = timed(bomb)
print(f"  six self-includes (git: depth 10):    {med*1000:7.1f} ms")
zero = home("zero", "[include]\n\tpath = /dev/zero\n")
med, _ = timed(zero)
print(f"  include of /dev/zero:                 {med*1000:7.1f} ms")
fifo = f"{root}/system-fifo"
os.mkfifo(fifo)
env = {"GIT_CONFIG_SYSTEM": fifo}
h = home("fifo")
t = time.perf_counter()
p = subprocess.run([bin_, "check", "--no-probe", "--format", "json"], cwd=h, timeout=60,
                   env={"PATH": os.environ["PATH"], "HOME": h, "GIT_CONFIG_SYSTEM": fifo},
                   capture_output=True)
print(f"  a FIFO as the system config:          {(time.perf_counter()-t)*1000:7.1f} ms")
PY
