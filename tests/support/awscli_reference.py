#!/usr/bin/env python3
"""Reference answers from the installed AWS CLI's own credential helper code.

Runs `awscli.customizations.codecommit.CodeCommitGetCommand._run_main` in-process with
the clock frozen (the module's `get_current_datetime`), one case at a time.

stdin:  JSON list of cases {"input": "<git request>", "timestamp": "YYYYMMDDTHHMMSS",
        optional "region" (--region), and either "access"/"secret"/"token" or "profile" (read from the AWS files named
        by AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE)}
stdout: JSON list of what the AWS CLI wrote to stdout for each case.
"""
import argparse
import contextlib
import datetime
import io
import json
import sys

try:
    import botocore.session
    import awscli.customizations.codecommit as cc
except ImportError as e:  # the Rust test turns this into a failure with this text
    sys.stderr.write(f"awscli/botocore not importable: {e}\n")
    sys.exit(3)


def run_case(case):
    ts = datetime.datetime.strptime(case["timestamp"], "%Y%m%dT%H%M%S")
    cc.get_current_datetime = lambda: ts
    if case.get("profile") is not None:
        session = botocore.session.Session(profile=case["profile"])
    else:
        session = botocore.session.Session()
        session.set_credentials(case["access"], case["secret"], case.get("token"))
    command = cc.CodeCommitGetCommand(session)
    args = argparse.Namespace(ignore_host_check=False)
    parsed_globals = argparse.Namespace(region=case.get("region"))
    out = io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(case["input"])
    try:
        with contextlib.redirect_stdout(out):
            command._run_main(args, parsed_globals)
    finally:
        sys.stdin = old_stdin
    return out.getvalue()


def main():
    cases = json.load(sys.stdin)
    json.dump([run_case(c) for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
