#!/usr/bin/env python3
"""Rebuild tests/contract/specs/ and the oas-* fixtures from the vendors' published specs.

Usage: extract.py META_REPO ELEVENLABS_REPO ZOHO_REPO CALENDLY_REPO META_CODEGEN_REPO (git
directories; each is read at HEAD with `git show`, and the commit is recorded). Needs python3 with
PyYAML. META_CODEGEN_REPO is facebook/facebook-business-sdk-codegen (Graph node specs).

Meta's spec is MIT: a trimmed copy (only the operations intops calls, and the components they
reference) is kept as it is. The other three publish no licence for their spec, so only derived
facts are kept: method, path, parameter names, `in`, `required` and schema types/enums/bounds, with
descriptions and examples removed, plus the documented examples intops must read, as fixtures.
"""
import json, subprocess, sys, os, copy
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

def show(repo, path):
    return subprocess.check_output(["git", "-C", repo, "show", "HEAD:" + path]).decode()

def commit(repo):
    return subprocess.check_output(["git", "-C", repo, "rev-parse", "HEAD"]).decode().strip()

DROP = {"description", "title", "examples", "example", "summary", "externalDocs", "x-readme", "embed"}

def inline(doc, node, seen=()):
    """Resolve local $refs, drop prose and examples (facts only)."""
    if isinstance(node, dict):
        if "$ref" in node and isinstance(node["$ref"], str):
            ref = node["$ref"]
            if ref.startswith("#/") and ref not in seen:
                target = doc
                for part in ref[2:].split("/"):
                    target = target[part]
                return inline(doc, target, seen + (ref,))
            return {}  # remote or cyclic reference: any value
        return {k: inline(doc, v, seen) for k, v in node.items() if k not in DROP}
    if isinstance(node, list):
        return [inline(doc, v, seen) for v in node]
    return node

def derive(doc, ops, source):
    """A minimal OpenAPI document holding only the request facts of `ops` [(method, path)]."""
    out = {"openapi": doc.get("openapi"), "info": {"title": "derived request facts", "x-source": source}, "paths": {}}
    for method, path in ops:
        item = doc["paths"][path]
        op = item[method]
        params = inline(doc, item.get("parameters", []) + op.get("parameters", []))
        new = {"operationId": op.get("operationId"), "parameters": params}
        if "requestBody" in op:
            new["requestBody"] = inline(doc, op["requestBody"])
        new["responses"] = {code: {} for code in op.get("responses", {})}
        out["paths"].setdefault(path, {})[method] = new
    return out

def refs_in(node, acc):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.startswith("#/components/"):
                acc.add(v)
            else:
                refs_in(v, acc)
    elif isinstance(node, list):
        for v in node:
            refs_in(v, acc)

def trim(doc, ops):
    """The same document with only `ops` and the components they reference (a trimmed copy)."""
    out = {k: doc[k] for k in ("openapi", "info", "servers") if k in doc}
    out["paths"] = {}
    for method, path in ops:
        item = doc["paths"][path]
        kept = {method: copy.deepcopy(item[method])}
        for resp in kept[method].get("responses", {}).values():
            resp.pop("headers", None)  # response headers: not read by the contract tests
        if "parameters" in item:
            kept["parameters"] = item["parameters"]
        out["paths"].setdefault(path, {}).update(kept)
    comps, todo, done = {}, set(), set()
    refs_in(out["paths"], todo)
    while todo:
        ref = todo.pop()
        if ref in done:
            continue
        done.add(ref)
        _, _, kind, name = ref.split("/", 3)
        node = doc["components"][kind][name]
        comps.setdefault(kind, {})[name] = node
        refs_in(node, todo)
    # Sorted, so a rebuild from the same commit is byte-identical.
    out["components"] = {k: dict(sorted(v.items())) for k, v in sorted(comps.items())}
    return out

def write(path, obj):
    path = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False, sort_keys=False)
        f.write("\n")

def graph_nodes(codegen):
    """Meta's Graph node specs (Meta Platform licence: copies allowed for use with Meta's APIs, with
    the notice): only the edges and fields intops uses."""
    def spec(name):
        return json.loads(show(codegen, f"api_specs/specs/{name}.json"))
    def edge(node, name):
        return [a for a in spec(node)["apis"] if a.get("endpoint") == name]
    enums = json.loads(show(codegen, "api_specs/specs/enum_types.json"))
    out = {
        "x-trimmed-from": f"facebook/facebook-business-sdk-codegen@{commit(codegen)}:api_specs/specs/",
        "Application": {"apis": edge("Application", "subscriptions")},
        "Page": {"apis": edge("Page", "subscribed_apps")},
        "WhatsAppBusinessAccount": {"apis": edge("WhatsAppBusinessAccount", "subscribed_apps")},
        "Lead": {"fields": spec("Lead")["fields"]},
        "enums": [e for e in enums if e["name"] == "pagesubscribed_apps_subscribed_fields_enum_param"],
    }
    write("tests/contract/specs/meta-graph/graph-nodes.trimmed.json", out)
    with open(os.path.join(HERE, "meta-graph", "LICENSE"), "w") as f:
        f.write(show(codegen, "LICENSE"))

def main(meta, eleven, zoho, calendly, codegen):
    # Meta (MIT): trimmed copy.
    f = "business-messaging-api_v23.0.yaml"
    doc = yaml.safe_load(show(meta, f))
    ops = [("get", "/{Version}/{WABA-ID}/phone_numbers"),
           ("get", "/{Version}/{Phone-Number-ID}"),
           ("post", "/{Version}/{Phone-Number-ID}/messages"),
           ("get", "/{Version}/{WABA-ID}/subscribed_apps"),
           ("post", "/{Version}/{WABA-ID}/subscribed_apps")]
    t = trim(doc, ops)
    # The request examples of /messages (dozens of message types intops never sends) are cut.
    t["paths"]["/{Version}/{Phone-Number-ID}/messages"]["post"]["requestBody"]["content"]["application/json"].pop("examples", None)
    t["info"]["x-trimmed-from"] = f"facebook/openapi@{commit(meta)}:{f}"
    write("tests/contract/specs/meta/business-messaging-api_v23.0.trimmed.json", t)
    with open(os.path.join(HERE, "meta", "LICENSE"), "w") as out:
        out.write(show(meta, "LICENSE"))

    graph_nodes(codegen)

    # ElevenLabs: derived facts + the schema examples intops reads.
    f = "fern/apis/api/openapi.json"
    doc = json.loads(show(eleven, f))
    src = f"elevenlabs/elevenlabs-docs@{commit(eleven)}:{f}"
    ops = [("get", "/v1/user/subscription"), ("get", "/v1/user"),
           ("get", "/v1/convai/agents/{agent_id}"), ("get", "/v1/convai/phone-numbers"),
           ("get", "/v1/convai/conversations"), ("get", "/v1/convai/conversations/{conversation_id}")]
    write("tests/contract/specs/elevenlabs/operations.json", derive(doc, ops, src))
    S = doc["components"]["schemas"]
    write("tests/fixtures/elevenlabs/oas-subscription.json", S["ExtendedSubscriptionResponseModel"]["example"])
    write("tests/fixtures/elevenlabs/oas-agent.json", S["GetAgentResponseModel"]["example"])
    write("tests/fixtures/elevenlabs/oas-user.json", S["UserResponseModel"]["example"])
    write("tests/fixtures/elevenlabs/oas-phone-numbers.json",
          [S["GetPhoneNumberTwilioResponseModel"]["example"], S["GetPhoneNumberSIPTrunkResponseModel"]["example"]])

    # Zoho CRM v8: derived facts only (the spec has no examples for these operations).
    src = f"zoho/crm-oas@{commit(zoho)}"
    users = json.loads(show(zoho, "v8.0/users.json"))
    record = json.loads(show(zoho, "v8.0/record.json"))
    d = derive(users, [("get", "/crm/v8/users")], src + ":v8.0/users.json")
    r = derive(record, [("post", "/crm/v8/{module_api_name}")], src + ":v8.0/record.json")
    d["paths"].update(r["paths"])
    d["info"]["x-source"] = [src + ":v8.0/users.json", src + ":v8.0/record.json"]
    write("tests/contract/specs/zoho/operations.json", d)

    # Calendly: derived facts + the documented examples.
    f = "openapi/openapi.yaml"
    doc = yaml.safe_load(show(calendly, f))
    src = f"speakeasy-sdks/calendly-python@{commit(calendly)}:{f}"
    ops = [("get", "/users/me"), ("get", "/webhook_subscriptions"),
           ("post", "/webhook_subscriptions"), ("delete", "/webhook_subscriptions/{webhook_uuid}")]
    write("tests/contract/specs/calendly/operations.json", derive(doc, ops, src))
    def examples(method, path):
        op = doc["paths"][path][method]
        out = {}
        for code, resp in op["responses"].items():
            if "$ref" in resp:
                resp = doc["components"]["responses"][resp["$ref"].split("/")[-1]]
            for name, ex in resp.get("content", {}).get("application/json", {}).get("examples", {}).items():
                out[f"{code} {name}"] = ex["value"]
        return out
    write("tests/fixtures/calendly/oas-examples.json", {
        "source": src,
        "GET /users/me": examples("get", "/users/me"),
        "GET /webhook_subscriptions": examples("get", "/webhook_subscriptions"),
        "POST /webhook_subscriptions": examples("post", "/webhook_subscriptions"),
        "DELETE /webhook_subscriptions/{webhook_uuid}": examples("delete", "/webhook_subscriptions/{webhook_uuid}"),
    })

if __name__ == "__main__":
    main(*sys.argv[1:6])
