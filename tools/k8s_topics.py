"""Write deploy/k8s's KafkaTopic resources from the topics in contracts/ (run by `make contracts`).

Event topics keep everything (services rebuild local copies by replaying them); dead-letter
topics keep 30 days. The dev overlay runs one broker, so it patches every topic to one replica.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml
from contracts.registry import topics
from contracts.topics import dead_letter

import contracts  # noqa: F401  (registers every event type)

K8S = Path(__file__).resolve().parents[1] / "deploy" / "k8s"
DLQ_RETENTION_MS = 30 * 24 * 3600 * 1000


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def _documents(docs: list[dict]) -> str:
    return "---\n".join(yaml.dump(d, Dumper=_Dumper, sort_keys=False) for d in docs)


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    base, dev = [], []
    for topic in topics():
        for name, retention, partitions in ((topic, -1, 6), (dead_letter(topic), DLQ_RETENTION_MS, 1)):
            resource = name.replace(".", "-").replace("_", "-")
            base.append({"apiVersion": "kafka.strimzi.io/v1beta2", "kind": "KafkaTopic",
                         "metadata": {"name": resource, "labels": {"strimzi.io/cluster": "pact"}},
                         "spec": {"topicName": name, "partitions": partitions, "replicas": 3,
                                  "config": {"retention.ms": retention, "cleanup.policy": "delete", "min.insync.replicas": 2}}})
            dev.append({"apiVersion": "kafka.strimzi.io/v1beta2", "kind": "KafkaTopic", "metadata": {"name": resource},
                        "spec": {"replicas": 1, "config": {"min.insync.replicas": 1}}})
    header = "# Written by tools/k8s_topics.py from contracts/ (make contracts); tests/deploy checks it.\n"
    (K8S / "base" / "kafka" / "topics.yaml").write_text(header + "---\n" + _documents(base))
    (K8S / "overlays" / "dev" / "single-replica-topics.yaml").write_text(header + "# One broker in development: one replica per topic.\n---\n" + _documents(dev))
    print(f"wrote {len(base)} topics to {K8S / 'base' / 'kafka' / 'topics.yaml'}")


if __name__ == "__main__":
    main()
