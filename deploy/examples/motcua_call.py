#!/usr/bin/python3
"""motcua_call: call any motcuad RPC with JSON, discovering the API by reflection.

A small grpcurl-like client built only from Debian packages (python3-grpcio,
python3-protobuf, protobuf-compiler, grpc-proto). It asks the server for its
descriptors through gRPC server reflection, so it needs no copy of the .proto
files, and prints the reply as JSON.

  motcua_call.py 127.0.0.1:50051 list
  motcua_call.py 127.0.0.1:50051 motcua.v1.DossierService/SubmitDossier '{...}'
  motcua_call.py 127.0.0.1:50051 grpc.health.v1.Health/Check '{}'

Credentials (README "Security"): every motcua.v1 call carries
"authorization: Bearer <token>". The token is read from --token-file FILE,
else the MOTCUA_TOKEN environment variable, else ./data/bootstrap-admin.token
(the token the first start of `deploy/run.sh` writes). --ca FILE connects
with TLS, trusting that CA (PEM); --cert FILE --key FILE add a client
certificate (mutual TLS).

Exit status: 0 on OK; 1 on a gRPC error (code and message on stderr, e.g.
"UNAVAILABLE: failed to connect to all addresses"); 2 on bad usage or bad
input (an unknown method, request JSON that does not parse, an unreadable
file), also one line on stderr. It never prints a Python traceback.
"""
import importlib.util
import os
import subprocess
import sys
import tempfile

try:
    import grpc
    from google.protobuf import descriptor_pb2, descriptor_pool, json_format
    from google.protobuf import message_factory
except ImportError as _e:
    sys.exit(f"motcua_call: {_e}: install python3-grpcio and python3-protobuf "
             "(deploy/install-deps.sh)")

_REFLECTION_PROTO = "grpc/reflection/v1alpha/reflection.proto"
_GRPC_PROTO_DIR = "/usr/share/grpc-proto"
_LOCAL_PROTOS = {"grpc.health.v1.Health": "grpc/health/v1/health.proto"}


def _reflection_module():
    out = tempfile.mkdtemp(prefix="motcua_call_")
    subprocess.run(
        ["protoc", f"-I{_GRPC_PROTO_DIR}", f"--python_out={out}", _REFLECTION_PROTO],
        check=True)
    path = os.path.join(out, "grpc", "reflection", "v1alpha", "reflection_pb2.py")
    spec = importlib.util.spec_from_file_location("reflection_pb2", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class UsageError(Exception):
    """Bad input from the caller: printed as one line, exit status 2."""


class Reflector:
    def __init__(self, channel):
        self._pb = _reflection_module()
        self._stub = channel.stream_stream(
            "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
            request_serializer=self._pb.ServerReflectionRequest.SerializeToString,
            response_deserializer=self._pb.ServerReflectionResponse.FromString)
        self._pool = descriptor_pool.DescriptorPool()
        self._added = set()

    def _ask(self, **kwargs):
        replies = list(self._stub(iter([self._pb.ServerReflectionRequest(**kwargs)]),
                                  timeout=30))
        if not replies:
            raise UsageError("the server's reflection service sent no answer")
        return replies[0]

    def services(self):
        reply = self._ask(list_services="")
        return [s.name for s in reply.list_services_response.service]

    def _add_files(self, reply):
        protos = []
        for raw in reply.file_descriptor_response.file_descriptor_proto:
            fd = descriptor_pb2.FileDescriptorProto.FromString(raw)
            protos.append(fd)
        # Add dependencies before dependants.
        pending = {p.name: p for p in protos if p.name not in self._added}
        while pending:
            progressed = False
            for name, fd in list(pending.items()):
                if all(d in self._added or d not in pending for d in fd.dependency):
                    missing = [d for d in fd.dependency if d not in self._added]
                    for dep in missing:
                        self._add_files(self._ask(file_by_filename=dep))
                    self._pool.Add(fd)
                    self._added.add(name)
                    del pending[name]
                    progressed = True
            if not progressed:
                raise RuntimeError("cyclic descriptors from server")

    def _add_local(self, proto):
        # grpc.health.v1 is served by gRPC's built-in handler, which does not
        # register its descriptor for reflection; Debian's grpc-proto has it.
        out = tempfile.mkdtemp(prefix="motcua_call_")
        path = os.path.join(out, "set.pb")
        subprocess.run(["protoc", f"-I{_GRPC_PROTO_DIR}", "--include_imports",
                        f"--descriptor_set_out={path}", proto], check=True)
        with open(path, "rb") as f:
            fds = descriptor_pb2.FileDescriptorSet.FromString(f.read())
        for fd in fds.file:
            if fd.name not in self._added:
                self._pool.Add(fd)
                self._added.add(fd.name)

    def method(self, service, method):
        reply = self._ask(file_containing_symbol=service)
        if reply.HasField("error_response") and service in _LOCAL_PROTOS:
            self._add_local(_LOCAL_PROTOS[service])
        else:
            self._add_files(reply)
        try:
            svc = self._pool.FindServiceByName(service)
        except KeyError:
            raise UsageError(f"unknown service {service!r} (see `list`)") from None
        m = svc.methods_by_name.get(method)
        if m is None:
            raise UsageError(f"{service} has no method {method!r}")
        factory = message_factory.MessageFactory(self._pool)
        return (factory.GetPrototype(m.input_type),
                factory.GetPrototype(m.output_type))


def _options(argv):
    """Splits --name VALUE options from the positional arguments."""
    options, rest = {}, [argv[0]]
    i = 1
    while i < len(argv):
        if argv[i] in ("--token-file", "--ca", "--cert", "--key") and i + 1 < len(argv):
            options[argv[i][2:]] = argv[i + 1]
            i += 2
        else:
            rest.append(argv[i])
            i += 1
    return options, rest


def _token(options):
    path = options.get("token-file")
    if path is None and os.environ.get("MOTCUA_TOKEN"):
        return os.environ["MOTCUA_TOKEN"].strip()
    path = path or os.path.join("data", "bootstrap-admin.token")
    try:
        with open(path, encoding="ascii") as f:
            return f.read().strip()
    except OSError:
        return None


# The retry policy the README publishes ("Errors and retries"): UNAVAILABLE
# and RESOURCE_EXHAUSTED are retried with exponential backoff.
_SERVICE_CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                               "service_config.json")


def _channel_options():
    try:
        with open(_SERVICE_CONFIG, encoding="utf-8") as f:
            return [("grpc.service_config", f.read())]
    except OSError:
        return []


def _channel(target, options):
    if "ca" not in options:
        return grpc.insecure_channel(target, options=_channel_options())
    def read(name):
        try:
            with open(options[name], "rb") as f:
                return f.read()
        except OSError as e:
            raise UsageError(f"--{name}: cannot read {options[name]}: {e.strerror}") from None
    creds = grpc.ssl_channel_credentials(
        root_certificates=read("ca"),
        private_key=read("key") if "key" in options else None,
        certificate_chain=read("cert") if "cert" in options else None)
    return grpc.secure_channel(target, creds, options=_channel_options())


def main(argv):
    options, argv = _options(argv)
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    channel = _channel(argv[1], options)
    token = _token(options)
    metadata = [("authorization", f"Bearer {token}")] if token else []
    reflector = Reflector(channel)
    if argv[2] == "list":
        for name in reflector.services():
            print(name)
        return 0
    service, _, method = argv[2].partition("/")
    if not service or not method:
        raise UsageError(f"{argv[2]!r} is not SERVICE/METHOD, e.g. "
                         "motcua.v1.DossierService/GetDossier")
    request_json = argv[3] if len(argv) > 3 else "{}"
    request_type, response_type = reflector.method(service, method)
    try:
        request = json_format.Parse(request_json, request_type())
    except json_format.ParseError as e:
        raise UsageError(f"the request is not a {request_type.DESCRIPTOR.full_name} "
                         f"in JSON: {e}") from None
    call = channel.unary_unary(
        f"/{service}/{method}",
        request_serializer=request_type.SerializeToString,
        response_deserializer=response_type.FromString)
    response = call(request, timeout=30, metadata=metadata)
    print(json_format.MessageToJson(response, ensure_ascii=False,
                                    preserving_proto_field_name=True))
    return 0


def run(argv):
    """main() with every failure as one line on stderr, never a traceback."""
    try:
        return main(argv)
    except grpc.RpcError as e:
        # Also a refused connection: UNAVAILABLE from the reflection call.
        code = e.code().name if e.code() is not None else "UNKNOWN"
        print(f"{code}: {e.details()}", file=sys.stderr)
        return 1
    except UsageError as e:
        print(f"motcua_call: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("motcua_call: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - the promise is "no traceback"
        print(f"motcua_call: {type(e).__name__}: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(run(sys.argv))
