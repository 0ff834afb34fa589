#!/usr/bin/python3
"""OpenAPI 3 document of motcuad's HTTP/JSON gateway, from the proto files.

Reads every proto/motcua/v1/*.proto through `protoc --descriptor_set_out
--include_imports --include_source_info` (comments become descriptions) and
writes, for each method with a google.api.http option, its path, parameters,
body and answers as the gateway serves them (server/http_transcoding.h):
proto3 JSON with the proto field names, 64-bit integers as strings, enums by
name, Timestamps in RFC 3339, errors as {"code", "status", "message",
"details"}.

  tools/openapi_gen.py --out deploy/openapi.json     # regenerate
  tools/openapi_gen.py --check deploy/openapi.json   # exit 1 when stale

Only Debian's python3-protobuf and protoc are needed.
"""
import argparse
import difflib
import glob
import json
import os
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HTTP_EXTENSION = 72295728  # google.api.http on MethodOptions
ADMIN_SERVICES = {"AdminService", "CalendarAdminService", "CatalogueAdminService",
                  "TokenAdminService", "AuditService"}
FD = descriptor_pb2.FieldDescriptorProto


# ------------------------------------------------------------- wire reading

def varint(buf, pos):
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, pos


def fields(buf):
    """(number, wire type, value) of each field of a serialized message."""
    pos = 0
    while pos < len(buf):
        key, pos = varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            n, pos = varint(buf, pos)
            value, pos = buf[pos:pos + n], pos + n
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
        yield number, wire, value


def http_rules(method):
    """The method's HttpRule and its additional bindings, as dicts."""
    raw = method.options.SerializeToString()
    rules = []
    for number, _, value in fields(raw):
        if number == HTTP_EXTENSION:
            rules.extend(parse_rule(value))
    return rules


def parse_rule(buf):
    rule, extra = {}, []
    verbs = {2: "get", 3: "put", 4: "post", 5: "delete", 6: "patch"}
    for number, _, value in fields(buf):
        if number in verbs:
            rule["method"], rule["path"] = verbs[number], value.decode()
        elif number == 8:
            custom = {n: v.decode() for n, _, v in fields(value)}
            rule["method"], rule["path"] = custom[1].lower(), custom[2]
        elif number == 7:
            rule["body"] = value.decode()
        elif number == 12:
            rule["response_body"] = value.decode()
        elif number == 11:
            extra.extend(parse_rule(value))
    return [rule] + extra


# ---------------------------------------------------------- descriptor index

class Index:
    def __init__(self, fds):
        self.messages, self.enums, self.comments = {}, {}, {}
        self.files = []
        for f in fds.file:
            self.files.append(f)
            comments = {}
            for loc in f.source_code_info.location:
                text = (loc.leading_comments or loc.trailing_comments).strip()
                if text:
                    comments[tuple(loc.path)] = text
            prefix = "." + f.package if f.package else ""
            for i, m in enumerate(f.message_type):
                self._message(prefix, m, (4, i), comments)
            for i, e in enumerate(f.enum_type):
                self._enum(prefix, e, (5, i), comments)
            for si, s in enumerate(f.service):
                self.comments[(prefix + "." + s.name,)] = comments.get((6, si))
                for mi, m in enumerate(s.method):
                    self.comments[(prefix + "." + s.name, m.name)] = \
                        comments.get((6, si, 2, mi))

    def _message(self, prefix, m, path, comments):
        name = prefix + "." + m.name
        self.messages[name] = m
        self.comments[(name,)] = comments.get(path)
        for k, field in enumerate(m.field):
            self.comments[(name, field.name)] = comments.get(path + (2, k))
        for i, nested in enumerate(m.nested_type):
            self._message(name, nested, path + (3, i), comments)
        for i, e in enumerate(m.enum_type):
            self._enum(name, e, path + (4, i), comments)

    def _enum(self, prefix, e, path, comments):
        name = prefix + "." + e.name
        self.enums[name] = e
        self.comments[(name,)] = comments.get(path)


# ------------------------------------------------------------------ schemas

SCALARS = {
    FD.TYPE_DOUBLE: {"type": "number", "format": "double"},
    FD.TYPE_FLOAT: {"type": "number", "format": "float"},
    FD.TYPE_INT64: {"type": "string", "format": "int64"},
    FD.TYPE_UINT64: {"type": "string", "format": "uint64"},
    FD.TYPE_SINT64: {"type": "string", "format": "int64"},
    FD.TYPE_FIXED64: {"type": "string", "format": "uint64"},
    FD.TYPE_SFIXED64: {"type": "string", "format": "int64"},
    FD.TYPE_INT32: {"type": "integer", "format": "int32"},
    FD.TYPE_SINT32: {"type": "integer", "format": "int32"},
    FD.TYPE_SFIXED32: {"type": "integer", "format": "int32"},
    FD.TYPE_UINT32: {"type": "integer", "format": "int64", "minimum": 0},
    FD.TYPE_FIXED32: {"type": "integer", "format": "int64", "minimum": 0},
    FD.TYPE_BOOL: {"type": "boolean"},
    FD.TYPE_STRING: {"type": "string"},
    FD.TYPE_BYTES: {"type": "string", "format": "byte"},
}
WELL_KNOWN = {
    ".google.protobuf.Timestamp": {"type": "string", "format": "date-time"},
    ".google.protobuf.Duration": {"type": "string", "example": "1.5s"},
    ".google.protobuf.Empty": {"type": "object"},
    ".google.protobuf.Any": {
        "type": "object", "properties": {"@type": {"type": "string"}},
        "additionalProperties": True},
}


def schema_name(full):
    return full.lstrip(".")


class Schemas:
    def __init__(self, index):
        self.index = index
        self.components = {}

    def ref(self, full):
        if full in WELL_KNOWN:
            return dict(WELL_KNOWN[full])
        name = schema_name(full)
        if name not in self.components:
            self.components[name] = None  # placeholder: recursion stops here
            if full in self.enums_():
                self.components[name] = self._enum(full)
            else:
                self.components[name] = self._message(full)
        return {"$ref": "#/components/schemas/" + name}

    def enums_(self):
        return self.index.enums

    def _enum(self, full):
        e = self.index.enums[full]
        out = {"type": "string", "enum": [v.name for v in e.value]}
        doc = self.index.comments.get((full,))
        if doc:
            out["description"] = doc
        return out

    def field(self, owner, f):
        if f.type in (FD.TYPE_MESSAGE, FD.TYPE_GROUP):
            entry = self.index.messages.get(f.type_name)
            if entry is not None and entry.options.map_entry:
                value = [x for x in entry.field if x.name == "value"][0]
                return {"type": "object",
                        "additionalProperties": self.field(f.type_name, value)}
            one = self.ref(f.type_name)
        elif f.type == FD.TYPE_ENUM:
            one = self.ref(f.type_name)
        else:
            one = dict(SCALARS[f.type])
        if f.label == FD.LABEL_REPEATED:
            one = {"type": "array", "items": one}
        doc = self.index.comments.get((owner, f.name))
        if doc:
            if "$ref" in one:
                one = {"allOf": [one], "description": doc}
            else:
                one["description"] = doc
        return one

    def _message(self, full):
        m = self.index.messages[full]
        out = {"type": "object", "properties": {}}
        for f in m.field:
            out["properties"][f.name] = self.field(full, f)
        if not out["properties"]:
            del out["properties"]
        doc = self.index.comments.get((full,))
        if doc:
            out["description"] = doc
        return out


# -------------------------------------------------------------------- paths

def field_at(index, message, path):
    m = index.messages[message]
    f = None
    for part in path.split("."):
        f = [x for x in m.field if x.name == part][0]
        if f.type == FD.TYPE_MESSAGE:
            m = index.messages.get(f.type_name)
    return f


def query_params(index, schemas, message, prefix, bound, depth=0):
    """Query parameters for the leaf fields of `message` not in `bound`."""
    out = []
    m = index.messages[message]
    for f in m.field:
        name = prefix + f.name
        if name in bound:
            continue
        if f.type == FD.TYPE_MESSAGE and f.type_name not in WELL_KNOWN:
            entry = index.messages.get(f.type_name)
            if (f.label == FD.LABEL_REPEATED or depth >= 3 or
                    (entry is not None and entry.options.map_entry)):
                continue  # not expressible in a query string
            out.extend(query_params(index, schemas, f.type_name, name + ".",
                                    bound, depth + 1))
            continue
        p = {"name": name, "in": "query", "required": False,
             "schema": schemas.field(message, f)}
        if f.label == FD.LABEL_REPEATED:
            p["explode"] = True
        doc = p["schema"].pop("description", None)
        if doc:
            p["description"] = doc
        out.append(p)
    return out


def openapi_path(template):
    out = []
    for seg in template.split("/"):
        if seg.startswith("{"):
            close = seg.index("}")
            out.append("{" + seg[1:close].split("=")[0] + "}" + seg[close + 1:])
        else:
            out.append(seg)
    return "/".join(out)


def path_vars(template):
    out = []
    for seg in template.split("/"):
        if seg.startswith("{"):
            out.append(seg[1:seg.index("}")].split("=")[0])
    return out


def build(fds):
    index = Index(fds)
    schemas = Schemas(index)
    schemas.components["Error"] = {
        "type": "object",
        "description": "Every error answer: the gRPC status as JSON.",
        "properties": {
            "code": {"type": "integer", "format": "int32",
                     "description": "The gRPC status code (3 = "
                                    "INVALID_ARGUMENT, 5 = NOT_FOUND...)."},
            "status": {"type": "string",
                       "description": "The gRPC status code's name."},
            "message": {"type": "string",
                        "description": "What is wrong; for INVALID_ARGUMENT "
                                       "it starts with the field path."},
            "details": {"type": "array",
                        "items": dict(WELL_KNOWN[".google.protobuf.Any"]),
                        "description": "google.rpc.Status details (e.g. "
                                       "google.rpc.BadRequest) as JSON."}}}
    paths = {}
    for f in index.files:
        if not f.name.startswith("motcua/"):
            continue
        for s in f.service:
            service = "." + f.package + "." + s.name
            for m in s.method:
                for rule in http_rules(m):
                    op = operation(index, schemas, service, s.name, m, rule)
                    paths.setdefault(openapi_path(rule["path"]), {})[
                        rule["method"]] = op
    doc = {
        "openapi": "3.0.3",
        "info": {
            "title": "motcua HTTP/JSON API",
            "version": "v1",
            "description": (
                "motcuad's HTTP/JSON gateway (--http-listen): every route "
                "calls the gRPC method named in its operationId, with the "
                "same credentials, roles and errors. Generated from "
                "proto/motcua/v1 by tools/openapi_gen.py; do not edit."),
        },
        "servers": [{"url": "http://127.0.0.1:8080"}],
        "security": [{"bearer": []}],
        "paths": {k: paths[k] for k in sorted(paths)},
        "components": {
            "securitySchemes": {"bearer": {
                "type": "http", "scheme": "bearer",
                "description": "A motcua token (mct_...), README "
                               "\"Security\"."}},
            "schemas": {k: schemas.components[k]
                        for k in sorted(schemas.components)},
        },
    }
    return doc


def operation(index, schemas, service, service_name, m, rule):
    doc = index.comments.get((service, m.name)) or ""
    op = {"operationId": service_name + "_" + m.name,
          "tags": [service_name]}
    if doc:
        op["summary"] = doc.split("\n")[0]
        op["description"] = doc
    if service_name in ADMIN_SERVICES:
        op["description"] = (op.get("description", "") + "\n\nAdministration: "
                             "served over HTTP only when motcuad runs without "
                             "--admin-listen.").strip()
    bound = path_vars(rule["path"])
    params = []
    for var in bound:
        f = field_at(index, m.input_type, var)
        schema = schemas.field(m.input_type, f)
        schema.pop("description", None)
        params.append({"name": var, "in": "path", "required": True,
                       "schema": schema})
    body = rule.get("body", "")
    if body == "":
        params.extend(query_params(index, schemas, m.input_type, "",
                                   set(bound)))
    elif body != "*":
        params.extend(query_params(index, schemas, m.input_type, "",
                                   set(bound) | {body}))
    if params:
        op["parameters"] = params
    if body == "*":
        op["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": schemas.ref(m.input_type)}}}
    elif body:
        f = field_at(index, m.input_type, body)
        op["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": schemas.field(m.input_type, f)}}}
    output = m.output_type
    if rule.get("response_body"):
        output = field_at(index, output, rule["response_body"]).type_name
    if output == ".google.api.HttpBody":
        ok = {"description": "The raw bytes, with their content type.",
              "content": {"*/*": {"schema": {"type": "string",
                                             "format": "binary"}}}}
    elif m.server_streaming:
        ok = {"description": "A stream: one JSON message a line, written as "
                             "each arrives; an error after the first line "
                             "ends it with a line {\"error\": Error}.",
              "content": {"application/x-ndjson": {
                  "schema": schemas.ref(output)}}}
    else:
        ok = {"description": "OK", "content": {
            "application/json": {"schema": schemas.ref(output)}}}
    op["responses"] = {
        "200": ok,
        "default": {"description": "An error (400 INVALID_ARGUMENT or "
                                   "FAILED_PRECONDITION, 401, 403, 404, "
                                   "409, 429, 503...).",
                    "content": {"application/json": {"schema": {
                        "$ref": "#/components/schemas/Error"}}}}}
    return op


def descriptor_set(protoc):
    protos = sorted(glob.glob(os.path.join(ROOT, "proto/motcua/v1/*.proto")))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "api.pb")
        subprocess.run([protoc, "-I", os.path.join(ROOT, "proto"),
                        "--include_imports", "--include_source_info",
                        "--descriptor_set_out=" + out] +
                       [os.path.relpath(p, os.path.join(ROOT, "proto"))
                        for p in protos], check=True)
        fds = descriptor_pb2.FileDescriptorSet()
        with open(out, "rb") as f:
            fds.ParseFromString(f.read())
        return fds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--protoc", default="protoc")
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", help="write the document to this file")
    group.add_argument("--check", help="exit 1 unless this file is current")
    args = ap.parse_args()
    text = json.dumps(build(descriptor_set(args.protoc)), indent=2,
                      ensure_ascii=False) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
        return 0
    with open(args.check, encoding="utf-8") as f:
        current = f.read()
    if current == text:
        return 0
    sys.stdout.writelines(difflib.unified_diff(
        current.splitlines(True), text.splitlines(True), args.check,
        "regenerated"))
    print("%s is stale: run tools/openapi_gen.py --out %s" %
          (args.check, args.check))
    return 1


if __name__ == "__main__":
    sys.exit(main())
