#!/usr/bin/env python3
"""Prepares a running moto_server for tests/online.rs and turns on its IAM checks.

moto accepts any credentials until IAM authentication is enabled (the server's
`INITIAL_NO_AUTH_ACTION_COUNT` setting, changed at run time with
`POST /moto-api/reset-auth`); from then on an access key must belong to an IAM user made in
moto, the SigV4 signature must match its secret, and each action must be allowed by the
user's policies (STS GetCallerIdentity is always allowed).

Made here, in account 123456789012:
  * user `dev` with the AWS managed policy AWSCodeCommitReadOnly (the server must run with
    MOTO_IAM_LOAD_MANAGED_POLICIES=true);
  * user `intern` without any policy;
  * user `denied` with AWSCodeCommitReadOnly and an inline policy denying codecommit:*;
  * repository `demo` in us-east-1.
Prints the users' keys as JSON: {"dev": ["AKIA…", "secret"], …}.
"""
import json
import sys
import urllib.request

import boto3

endpoint = sys.argv[1]


def client(service):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIASETUPSETUPSETUP0",
        aws_secret_access_key="setup",
    )


iam = client("iam")
keys = {}
for user in ["dev", "intern", "denied"]:
    iam.create_user(UserName=user)
    key = iam.create_access_key(UserName=user)["AccessKey"]
    keys[user] = [key["AccessKeyId"], key["SecretAccessKey"]]
for user in ["dev", "denied"]:
    iam.attach_user_policy(
        UserName=user, PolicyArn="arn:aws:iam::aws:policy/AWSCodeCommitReadOnly"
    )
iam.put_user_policy(
    UserName="denied",
    PolicyName="no-codecommit",
    PolicyDocument=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Deny", "Action": "codecommit:*", "Resource": "*"}],
        }
    ),
)
client("codecommit").create_repository(repositoryName="demo")
request = urllib.request.Request(
    f"{endpoint}/moto-api/reset-auth",
    data=b"0",
    method="POST",
    headers={"Content-Type": "text/plain"},
)
with urllib.request.urlopen(request) as answer:
    assert json.load(answer)["status"] == "ok"
print(json.dumps(keys))
