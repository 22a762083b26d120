"""Consistency of the Kubernetes manifests under deploy/ (docs/deploy.md).

No cluster is involved: the manifests are parsed, and the names, paths, ports and topics that
one manifest takes from another are checked against each other.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

try:
    import yaml
except ImportError:
    yaml = None

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
FOLDERS = ("connect", "knative-kafkasource", "dispatch")
KNATIVE_SERVICE = "serving.knative.dev/v1"
FILE_REFERENCE = re.compile(r"\$\{file:([^:}]+):([^}]+)\}")


# --- helpers -----------------------------------------------------------------------------------


def load(folder: str) -> list[dict]:
    """Every document of every .yaml file in deploy/<folder>."""
    if yaml is None:
        pytest.fail(
            "PyYAML is not installed; install it with: python3 -m pip install pyyaml",
            pytrace=False,
        )
    paths = sorted((DEPLOY / folder).glob("*.yaml"))
    assert paths, f"no manifests in {DEPLOY / folder}"
    docs = []
    for path in paths:
        with path.open() as f:
            docs += [d for d in yaml.safe_load_all(f) if d is not None]
    return docs


def find(docs: list[dict], kind: str, name: str | None = None, api: str | None = None) -> dict:
    """The one document of this kind (and name, and apiVersion)."""
    hits = [
        d
        for d in docs
        if d["kind"] == kind
        and (name is None or d["metadata"]["name"] == name)
        and (api is None or d["apiVersion"] == api)
    ]
    what = f"{kind} {name or ''} ({api or 'any apiVersion'})"
    assert len(hits) == 1, f"expected one {what}, found {len(hits)}"
    return hits[0]


def properties(text: str) -> dict[str, str]:
    """A properties file of `key=value` lines and `#` comments."""
    props = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep, f"not a key=value line: {line!r}"
        assert key.strip() not in props, f"{key.strip()} is set twice"
        props[key.strip()] = value.strip()
    return props


def pod_spec(doc: dict) -> dict:
    """The pod template of a Deployment, Job or Knative Service."""
    return doc["spec"]["template"]["spec"]


def argv(container: dict) -> list[str]:
    return container.get("command", []) + container.get("args", [])


def mounted_file(spec: dict, container: dict, path: str) -> tuple[str, str, str]:
    """(kind, name, key) of the ConfigMap or Secret entry that `path` is inside the container."""
    volumes = {v["name"]: v for v in spec.get("volumes", [])}
    for mount in container.get("volumeMounts", []):
        mount_path = mount["mountPath"].rstrip("/")
        if "subPath" in mount:
            if path != mount_path:
                continue
            relative = mount["subPath"]
        elif path.startswith(mount_path + "/"):
            relative = path[len(mount_path) + 1 :]
        else:
            continue
        volume = volumes[mount["name"]]
        if "configMap" in volume:
            kind, source = "ConfigMap", volume["configMap"]
            name = source["name"]
        elif "secret" in volume:
            kind, source = "Secret", volume["secret"]
            name = source["secretName"]
        else:
            pytest.fail(f"{path} is on volume {mount['name']}, not a ConfigMap or Secret")
        items = {i["path"]: i["key"] for i in source.get("items", [])}
        return kind, name, items.get(relative, relative) if items else relative
    pytest.fail(f"nothing is mounted at {path} in container {container['name']}")


def file_content(docs: list[dict], kind: str, name: str, key: str) -> str:
    doc = find(docs, kind, name)
    entries = doc.get("data" if kind == "ConfigMap" else "stringData", {})
    assert key in entries, f"{kind} {name} has no key {key}"
    return entries[key]


def connect_container() -> tuple[list[dict], dict, dict]:
    docs = load("connect")
    spec = pod_spec(find(docs, "Deployment", "rowcast-connect"))
    (container,) = spec["containers"]
    return docs, spec, container


def worker_properties() -> dict[str, str]:
    docs, spec, container = connect_container()
    command = argv(container)
    assert command[:2] == ["rowcast", "connect"], command
    kind, name, key = mounted_file(spec, container, command[2])
    assert kind == "ConfigMap"
    return properties(file_content(docs, kind, name, key))


def listener_port() -> int:
    url = urlsplit(worker_properties()["listeners"])
    assert url.scheme == "http" and url.port, url
    return url.port


def connector() -> dict:
    docs = load("connect")
    config_map = find(docs, "ConfigMap", "rowcast-inventory-connector")
    (text,) = config_map["data"].values()
    return json.loads(text)


def connector_topics() -> set[str]:
    """<topic.prefix>.<db>.<table> for each literal db.table in table.include.list."""
    config = connector()["config"]
    databases = config["database.include.list"].split(",")
    topics = set()
    for item in re.split(r"(?<!\\),", config["table.include.list"]):
        table = item.strip().replace("\\.", ".")
        assert re.fullmatch(r"[\w$]+\.[\w$]+", table), f"{item!r} is not a literal db.table name"
        assert any(re.fullmatch(d.strip(), table.split(".")[0]) for d in databases), table
        topics.add(f"{config['topic.prefix']}.{table}")
    return topics


def dispatch_properties() -> tuple[dict, dict[str, str]]:
    docs = load("dispatch")
    spec = pod_spec(find(docs, "Deployment", "rowcast-dispatch"))
    (container,) = spec["containers"]
    command = argv(container)
    assert command[:2] == ["rowcast", "dispatch"], command
    kind, name, key = mounted_file(spec, container, command[2])
    assert kind == "ConfigMap"
    return container, properties(file_content(docs, kind, name, key))


def service_for_url(docs: list[dict], url: str) -> dict:
    """The Service (Kubernetes or Knative) in `docs` that an in-cluster URL names."""
    parts = urlsplit(url)
    assert parts.scheme == "http", url
    name = parts.hostname.split(".")[0]
    services = [d for d in docs if d["kind"] == "Service" and d["metadata"]["name"] == name]
    assert len(services) == 1, f"{url} names no Service of this folder"
    service = services[0]
    if service["apiVersion"] == "v1":
        ports = [p["port"] for p in service["spec"]["ports"]]
        assert (parts.port or 80) in ports, f"{url}: Service {name} has ports {ports}"
    return service


# --- tests -------------------------------------------------------------------------------------


def test_every_document_has_api_version_kind_and_name():
    for folder in FOLDERS:
        for doc in load(folder):
            assert doc.get("apiVersion") and doc.get("kind"), f"{folder}: {doc}"
            assert doc.get("metadata", {}).get("name"), f"{folder}: {doc['kind']} without a name"
            # Short host names (kafka, mysql, rowcast-connect) resolve in the namespace applied to.
            assert "namespace" not in doc["metadata"], f"{folder}: {doc['kind']} names a namespace"


def test_connect_runs_rowcast_connect_with_the_mounted_worker_properties():
    props = worker_properties()
    for key in (
        "bootstrap.servers",
        "group.id",
        "config.storage.topic",
        "offset.storage.topic",
        "status.storage.topic",
        "config.storage.replication.factor",
        "offset.storage.replication.factor",
        "status.storage.replication.factor",
        "offset.flush.interval.ms",
        "rowcast.data.dir",
    ):
        assert key in props, f"worker.properties lacks {key}"
    converter = "org.apache.kafka.connect.json.JsonConverter"
    assert props["key.converter"] == converter and props["value.converter"] == converter
    assert props["key.converter.schemas.enable"] == "false"
    assert props["value.converter.schemas.enable"] == "false"
    assert urlsplit(props["listeners"]).hostname == "0.0.0.0"


def test_connect_data_dir_is_a_writable_volume():
    _, spec, container = connect_container()
    data_dir = worker_properties()["rowcast.data.dir"]
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    assert data_dir in mounts, f"rowcast.data.dir {data_dir} is not mounted"
    volume = next(v for v in spec["volumes"] if v["name"] == mounts[data_dir])
    assert "emptyDir" in volume or "persistentVolumeClaim" in volume


def test_connect_service_and_probes_use_the_listener_port():
    docs, spec, container = connect_container()
    port = listener_port()
    service = find(docs, "Service", "rowcast-connect", api="v1")
    labels = find(docs, "Deployment", "rowcast-connect")["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    (service_port,) = service["spec"]["ports"]
    assert service_port["port"] == port
    container_ports = {p.get("name"): p["containerPort"] for p in container["ports"]}
    target = service_port.get("targetPort", port)
    assert container_ports.get(target, target) == port
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/", "port": port}, probe


def test_connector_json_has_name_and_config_with_cloudevents():
    body = connector()
    assert body["name"]
    config = body["config"]
    assert config["connector.class"] == "io.debezium.connector.mysql.MySqlConnector"
    assert config["topic.prefix"]
    assert config["rowcast.kafka.cloudevents"] == "binary"
    assert config["schema.history.internal.kafka.topic"]
    bootstrap = worker_properties()["bootstrap.servers"]
    assert config["schema.history.internal.kafka.bootstrap.servers"] == bootstrap


def test_connector_password_comes_from_the_mounted_secret():
    docs, spec, container = connect_container()
    props = worker_properties()
    assert "file" in props["config.providers"].split(",")
    assert (
        props["config.providers.file.class"]
        == "org.apache.kafka.common.config.provider.FileConfigProvider"
    )
    reference = FILE_REFERENCE.fullmatch(connector()["config"]["database.password"])
    assert reference, "database.password must be a ${file:PATH:KEY} reference"
    path, key = reference.groups()
    kind, name, entry = mounted_file(spec, container, path)
    assert kind == "Secret"
    assert key in properties(file_content(docs, kind, name, entry))
    allowed = props.get("config.providers.file.param.allowed.paths")
    if allowed:
        assert any(path.startswith(p.rstrip("/") + "/") for p in allowed.split(","))


def test_connector_job_posts_the_mounted_connector_to_the_service():
    docs = load("connect")
    spec = pod_spec(find(docs, "Job"))
    (container,) = spec["containers"]
    script = " ".join(argv(container))
    assert "-X POST" in script
    body = re.search(r"--data @(\S+)", script)
    assert body, "the Job must POST a mounted file with --data @PATH"
    kind, name, key = mounted_file(spec, container, body.group(1))
    assert (kind, name) == ("ConfigMap", "rowcast-inventory-connector")
    assert key in find(docs, "ConfigMap", name)["data"]
    urls = set(re.findall(r"http://[\w.-]+:\d+/[\w/-]*", script))
    assert f"http://rowcast-connect:{listener_port()}/connectors" in urls, urls


def test_kafkasource_reads_the_connector_topics():
    source = find(load("knative-kafkasource"), "KafkaSource", api="sources.knative.dev/v1")
    spec = source["spec"]
    assert set(spec["topics"]) == connector_topics()
    assert spec["bootstrapServers"] == worker_properties()["bootstrap.servers"].split(",")
    assert spec["consumerGroup"]
    assert spec["initialOffset"] == "earliest"
    assert spec["ordering"] == "ordered"


def test_kafkasource_sink_and_dead_letter_sink_are_knative_services_of_the_folder():
    docs = load("knative-kafkasource")
    spec = find(docs, "KafkaSource")["spec"]
    for ref in (spec["sink"]["ref"], spec["delivery"]["deadLetterSink"]["ref"]):
        assert ref["apiVersion"] == KNATIVE_SERVICE and ref["kind"] == "Service"
        find(docs, "Service", ref["name"], api=KNATIVE_SERVICE)


def test_dispatch_properties_name_the_kafkasource_topics_and_a_function_of_the_folder():
    container, props = dispatch_properties()
    for key in ("bootstrap.servers", "topics", "group.id"):
        assert props.get(key), f"dispatch.properties lacks {key}"
    assert props["bootstrap.servers"] == worker_properties()["bootstrap.servers"]
    source = find(load("knative-kafkasource"), "KafkaSource")
    assert props["topics"].split(",") == source["spec"]["topics"]
    assert props["group.id"] != source["spec"]["consumerGroup"]
    env = {e["name"]: e.get("value") for e in container.get("env", [])}
    sink = props.get("sink") or env.get("K_SINK")
    assert sink, "neither sink= nor K_SINK is set"
    docs = load("dispatch")
    service_for_url(docs, sink)
    if "delivery.dead.letter.url" in props:
        service_for_url(docs, props["delivery.dead.letter.url"])


def test_dispatch_grace_period_outlasts_the_drain_timeout():
    _, props = dispatch_properties()
    spec = pod_spec(find(load("dispatch"), "Deployment", "rowcast-dispatch"))
    drain_ms = int(props.get("drain.timeout.ms", "25000"))
    assert spec["terminationGracePeriodSeconds"] * 1000 > drain_ms


def test_referenced_config_maps_and_secrets_exist_in_the_same_folder():
    for folder in FOLDERS:
        docs = load(folder)
        for doc in docs:
            if doc["kind"] not in ("Deployment", "Job", "Service") or "template" not in doc["spec"]:
                continue
            spec = pod_spec(doc)
            for volume in spec.get("volumes", []):
                if "configMap" in volume:
                    kind, source = "ConfigMap", volume["configMap"]
                    name = source["name"]
                elif "secret" in volume:
                    kind, source = "Secret", volume["secret"]
                    name = source["secretName"]
                else:
                    continue
                for item in source.get("items", []):
                    file_content(docs, kind, name, item["key"])
                find(docs, kind, name)
            for container in spec["containers"]:
                for env in container.get("env", []):
                    ref = env.get("valueFrom", {})
                    if "configMapKeyRef" in ref:
                        r = ref["configMapKeyRef"]
                        file_content(docs, "ConfigMap", r["name"], r["key"])
                    if "secretKeyRef" in ref:
                        r = ref["secretKeyRef"]
                        file_content(docs, "Secret", r["name"], r["key"])
                for env_from in container.get("envFrom", []):
                    if "configMapRef" in env_from:
                        find(docs, "ConfigMap", env_from["configMapRef"]["name"])
                    if "secretRef" in env_from:
                        find(docs, "Secret", env_from["secretRef"]["name"])


def test_secrets_use_string_data_and_stay_out_of_config_maps():
    docs = [d for folder in FOLDERS for d in load(folder)]
    config_text = "\n".join(
        value for d in docs if d["kind"] == "ConfigMap" for value in d.get("data", {}).values()
    )
    secrets = [d for d in docs if d["kind"] == "Secret"]
    assert secrets
    for secret in secrets:
        name = secret["metadata"]["name"]
        assert "data" not in secret and secret.get("stringData"), f"Secret {name}: use stringData"
        for text in secret["stringData"].values():
            for value in [text.strip()] + list(properties(text).values()):
                assert value not in config_text, f"a value of Secret {name} is in a ConfigMap"
    for key, value in connector()["config"].items():
        if "password" in key:
            assert FILE_REFERENCE.fullmatch(value), f"{key} must come from a Secret"


def test_containers_run_as_non_root_on_a_read_only_root_filesystem():
    for folder in FOLDERS:
        for doc in load(folder):
            if "template" not in doc.get("spec", {}):
                continue
            spec = pod_spec(doc)
            for container in spec["containers"]:
                where = f"{folder}: {doc['kind']} {doc['metadata']['name']}"
                context = container.get("securityContext", {})
                pod_context = spec.get("securityContext", {})
                assert context.get("runAsNonRoot", pod_context.get("runAsNonRoot")), where
                assert context.get("readOnlyRootFilesystem"), where
                assert "limits" in container.get("resources", {}), where
