"""``dtpr sync [PATH] --registry URL``: push the register to a running registry, idempotently.

The file is validated first (like ``dtpr validate``); then the sensors go to
``POST /api/v1/sensors/bulk`` in batches, with ``X-DTPR-Source: register`` so the
history says where the change came from. Syncing twice changes nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import httpx

from dtpr_core.register import sensor_to_data
from dtpr_core.yaml_source import load_register_file

HELP = "Push sensors.yaml to a registry: created / updated / unchanged / retired counts (--dry-run shows the diff)."
BATCH = 200
OUTCOMES = ("created", "updated", "unchanged", "retired")


class SyncFailed(Exception):
    pass


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default="sensors.yaml", help="register file (default: sensors.yaml)")
    parser.add_argument(
        "--registry",
        default=os.environ.get("DTPR_PUBLIC__BASE_URL", "http://127.0.0.1:8000"),
        help="registry URL (default: $DTPR_PUBLIC__BASE_URL or http://127.0.0.1:8000)",
    )
    parser.add_argument("--token", default=None, help="write token (default: $DTPR_API__TOKEN)")
    parser.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")
    parser.add_argument(
        "--retire-missing", action="store_true", help="retire declared sensors that are not in the file"
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request (default 60)")


def _error_message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    lines = [f"HTTP {response.status_code}: {body.get('error', '')}"]
    lines += [f"  {item.get('field')}: {item.get('message')}" for item in body.get("errors", [])[:20]]
    return "\n".join(lines)


def push(
    client: httpx.Client, items: list[dict[str, Any]], *, dry_run: bool, retire_missing: bool
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Send *items* in batches; the last batch carries the retire-missing request."""
    counts = dict.fromkeys(OUTCOMES, 0)
    results: list[dict[str, Any]] = []
    all_ids = [item["id"] for item in items]
    batches = [items[start : start + BATCH] for start in range(0, len(items), BATCH)] or [[]]
    for index, batch in enumerate(batches):
        last = index == len(batches) - 1
        body = {
            "items": batch,
            "dry_run": dry_run,
            "retire_missing": retire_missing and last,
            "keep_ids": all_ids if retire_missing and last else [],
        }
        response = client.post("/api/v1/sensors/bulk", json=body, headers={"X-DTPR-Source": "register"})
        if response.status_code != 200:
            raise SyncFailed(_error_message(response))
        answer = response.json()
        for outcome in OUTCOMES:
            counts[outcome] += int(answer.get(outcome, 0))
        results += answer.get("results", [])
    return counts, results


def print_diff(results: list[dict[str, Any]]) -> None:
    for item in results:
        if item["outcome"] == "created":
            print(f"+ {item['id']}")
        elif item["outcome"] == "updated":
            print(f"~ {item['id']} (fields: {', '.join(item.get('fields') or [])})")
        elif item["outcome"] == "retired":
            print(f"- {item['id']} (retire)")


def run(args: argparse.Namespace, *, transport: httpx.BaseTransport | None = None) -> int:
    result = load_register_file(args.path)
    for problem in result.problems:
        if problem.is_error:
            print(problem.format(args.path), file=sys.stderr)
    if not result.ok or result.register is None:
        errors = sum(1 for p in result.problems if p.is_error)
        print(f"{args.path}: {errors} errors; nothing was sent (dtpr validate {args.path})", file=sys.stderr)
        return 1
    token = args.token or os.environ.get("DTPR_API__TOKEN")
    if not token:
        print("dtpr sync: no token: set DTPR_API__TOKEN or pass --token", file=sys.stderr)
        return 2
    items = [sensor_to_data(sensor) for sensor in result.register.sensors]
    headers = {"Authorization": f"Bearer {token}", "User-Agent": "dtpr-sync"}
    try:
        with httpx.Client(
            base_url=args.registry.rstrip("/"), headers=headers, timeout=args.timeout, transport=transport
        ) as client:
            counts, results = push(client, items, dry_run=args.dry_run, retire_missing=args.retire_missing)
    except SyncFailed as error:
        print(f"dtpr sync: the registry refused the register:\n{error}", file=sys.stderr)
        return 1
    except httpx.HTTPError as error:
        print(f"dtpr sync: cannot reach {args.registry}: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    if args.dry_run:
        print_diff(results)
    prefix = "dry run: " if args.dry_run else ""
    print(prefix + " ".join(f"{outcome}={counts[outcome]}" for outcome in OUTCOMES))
    return 0
