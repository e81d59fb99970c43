# botocore oracle for tests/awsconfig_botocore.rs: prints what the AWS CLI makes of a
# config/credentials pair (per-file parse errors, then Session.full_config) as JSON.
import json, os, sys
try:
    import botocore, botocore.configloader as cl, botocore.session, botocore.exceptions as bex
except ImportError as e:
    print(json.dumps({"fatal": "cannot import botocore: %s" % e}))
    sys.exit(0)

def one(path):
    try:
        cl.raw_config_parse(path)
        return {"ok": True}
    except bex.ConfigParseError as e:
        return {"ok": False, "error": type(e.kwargs.get("error")).__name__}

def case(cfg, cred):
    out = {"botocore": botocore.__version__, "python": sys.version.split()[0], "config": one(cfg), "credentials": one(cred)}
    if out["config"]["ok"] and out["credentials"]["ok"]:
        os.environ["AWS_CONFIG_FILE"] = cfg
        os.environ["AWS_SHARED_CREDENTIALS_FILE"] = cred
        full = botocore.session.Session().full_config
        out["names"] = list(full["profiles"])
        out["profiles"] = full["profiles"]
        out["sso_sessions"] = full.get("sso_sessions", {})
        out["services"] = full.get("services", {})
    return out

# argv: config1 credentials1 config2 credentials2 ...
args = sys.argv[1:]
print(json.dumps([case(args[i], args[i + 1]) for i in range(0, len(args), 2)]))
