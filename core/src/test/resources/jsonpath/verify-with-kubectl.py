#!/usr/bin/env python3
"""Runs every template of templates.jsonl through the real kubectl and writes cases.json, the expected outputs that
JsonPathTemplateTest checks. Needs no cluster: `kubectl label --local -f FIXTURE fixture=jsonpath --overwrite
-o jsonpath=...` prints the fixture unchanged through kubectl's own JSONPath printer (every fixture carries that label).
kubectl flattens any object with an `items` list, so list.yaml is fed to kubectl as kind FixtureHolder with `items`
renamed to `entries`, and its templates' `.items` read `.entries` for that run (the engine does not care about names;
no list template prints the kind).
A template whose output changes between runs (Go map order, e.g. recursive descent) is marked "ordered": false and
compared as a multiset of space-separated words. Usage: python3 verify-with-kubectl.py (in this folder)."""
import json, os, subprocess, tempfile, yaml

here = os.path.dirname(os.path.abspath(__file__))
env = dict(os.environ, KUBECONFIG="/dev/null")


def kubectl_file(fixture):
    path = os.path.join(here, fixture)
    if fixture != "list.yaml":
        return path
    doc = yaml.safe_load(open(path))
    doc["kind"], doc["apiVersion"] = "FixtureHolder", "example.com/v1"
    doc["entries"] = doc.pop("items")
    tmp = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
    yaml.safe_dump(doc, tmp)
    tmp.close()
    return tmp.name


def run(path, template, allow):
    args = ["kubectl", "label", "--local", "-f", path, "fixture=jsonpath", "--overwrite", "-o", "jsonpath=" + template]
    if not allow:
        args.append("--allow-missing-template-keys=false")
    p = subprocess.run(args, capture_output=True, env=env)
    return p.returncode, p.stdout.decode(), p.stderr.decode().splitlines()[0] if p.stderr else ""


cases = []
version = subprocess.run(["kubectl", "version", "--client"], capture_output=True, env=env).stdout.decode().splitlines()[0]
for line in open(os.path.join(here, "templates.jsonl")):
    if not line.strip():
        continue
    c = json.loads(line)
    allow = c.get("allow", True)
    path = kubectl_file(c["f"])
    t = c["t"].replace(".items", ".entries") if c["f"] == "list.yaml" else c["t"]
    runs = [run(path, t, allow) for _ in range(4)]
    code, out, err = runs[0]
    case = {"fixture": c["f"], "template": c["t"], "allowMissingKeys": allow}
    if code != 0:
        case["kubectlError"] = err.replace(".entries", ".items").replace("entries is", "items is")
    else:
        case["expected"] = out
        case["ordered"] = all(r[1] == out for r in runs)
    cases.append(case)
with open(os.path.join(here, "cases.json"), "w") as f:
    json.dump({"kubectl": version, "cases": cases}, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(len(cases), "cases written with", version)
