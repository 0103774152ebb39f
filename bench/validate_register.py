"""How long does ``dtpr validate`` take on a big register, against a bare YAML parse?

Generates realistic registers of 1,000 / 10,000 / 100,000 sensors (varied kinds,
languages, accountable lists, retention) into a temporary file and measures, each pass
of each size in a fresh subprocess so that its peak memory is its own:

- ``parse``: ``yaml.load(text, Loader=yaml.CSafeLoader)``, the floor;
- ``validate``: :func:`dtpr_core.yaml_source.load_register_text`, every check;
- the ratio, and the peak resident memory (``ru_maxrss``) of each process.

The goal (Foundation issue): 10,000 sensors validated in under 3x the bare parse time,
memory linear. Usage: ``python bench/validate_register.py [--sizes 1000,10000]``.
The last line is ``RESULT validate_10k_s=<s> ceiling=<parse s> ratio=<ratio>``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ORGANISATIONS = """\
version: 1
organisations:
  alm:
    name: {fr: Angers Loire Métropole, en: Angers Loire Métropole}
    kind: institution
    contact: {email: donnees.capteurs@angersloiremetropole.fr, url: https://www.angersloiremetropole.fr}
    data_protection: {email: dpo@angersloiremetropole.fr}
  ville-angers: {name: {fr: Ville d'Angers, en: City of Angers}, kind: institution}
  air-pdl: {name: Air Pays de la Loire, role: {fr: Exploitant, en: Operator}}
  alter-services: {name: Alter Services}
sensors:
"""
PLACES = [
    ("Place de la Fraternité", "Monplaisir", 47.4852, -0.5310),
    ("Place du Ralliement", "Centre-ville", 47.4707, -0.5519),
    ("Jardin des Plantes", "Centre-ville", 47.4781, -0.5462),
    ("Boulevard Foch", "Centre-ville", 47.4686, -0.5488),
    ("Lac de Maine", "Lac de Maine", 47.4573, -0.5923),
    ("Place de la Laiterie", "Doutre", 47.4747, -0.5588),
    ("Avenue Montaigne", "Saint-Serge", 47.4807, -0.5522),
    ("Boulevard Victor-Beaussier", "Belle-Beille", 47.4792, -0.5998),
]
ACCESS = ["available_to_download", "available_to_the_accountable_organization", "available_to_vendor"]
KINDS: list[dict[str, Any]] = [
    {"code": "AQ", "fr": "Qualité de l'air", "en": "Air quality", "purpose": ["health", "ecology"],
     "tech": ["air_quality"], "process": ["aggregated"], "orgs": ["alm", "air-pdl"]},
    {"code": "NS", "fr": "Niveau sonore", "en": "Noise level", "purpose": ["health"],
     "tech": ["sound_level_meter"], "process": ["aggregated"], "orgs": ["ville-angers"]},
    {"code": "WX", "fr": "Station météo", "en": "Weather station", "purpose": ["ecology", "water_efficiency"],
     "tech": ["weather_station", "thermometer"], "process": ["raw_data"], "orgs": ["ville-angers"]},
    {"code": "PK", "fr": "Places libres", "en": "Free spaces", "purpose": ["mobility"],
     "tech": ["radar"], "process": ["aggregated"], "orgs": ["alm", "alter-services"]},
    {"code": "PC", "fr": "Comptage", "en": "Counting", "purpose": ["planning_decision_making"],
     "tech": ["de_identified_video", "person_detection"], "process": ["de_identified", "aggregated"],
     "orgs": ["alm"], "legal_basis": "public_task"},
]  # fmt: skip


def sensor_yaml(index: int, rng: random.Random) -> str:
    kind = KINDS[index % len(KINDS)]
    place, zone, lat, lon = PLACES[rng.randrange(len(PLACES))]
    years = rng.choice([2, 3, 5, 10])
    spanish = index % 7 == 0
    commune = ", commune: Angers" if index % 2 else ""
    es = f", es: {kind['en']} (es)" if spanish else ""
    es_years = f", es: {years} años" if spanish else ""
    status = rng.choice(["active", "active", "active", "maintenance", "planned"])
    lines = [
        f"  - id: ANG-{kind['code']}-{index:06d}",
        f"    name: {{fr: {kind['fr']} — {place} n° {index}, en: {kind['en']} — {place}{es}}}",
        f"    location: {{lat: {lat + rng.uniform(-0.01, 0.01):.5f}, lon: {lon + rng.uniform(-0.01, 0.01):.5f}, "
        f"address: {place}{commune}, zone: {zone}}}",
        f"    status: {status}",
        f"    accountable: [{', '.join(kind['orgs'])}]",
    ]
    # descriptions and mounting notes on some sensors only, as in the real register
    # (and so that 100,000 sensors stay under the validator's 64 MiB file limit)
    if status != "planned":
        lines.insert(-1, f"    installed_on: 20{rng.randrange(15, 26)}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}")
    if index % 4 == 0:
        lines.insert(2, f"    description: {{fr: Capteur n° {index} du quartier {zone}, en: Sensor {index} in {zone}}}")
    if index % 3 == 0:
        lines.append(f"    mounting: Mât n° {rng.randrange(1, 400)}, à {rng.choice([3, 4, 5])} m.")
    if "legal_basis" in kind:
        lines.append(f"    legal_basis: {kind['legal_basis']}")
    lines += [
        "    datachain:",
        f"      purpose: [{', '.join(kind['purpose'])}]",
        f"      tech: [{', '.join(kind['tech'])}]",
        "      data: [values_time]",
        f"      process: [{', '.join(kind['process'])}]",
        f"      access: [{rng.choice(ACCESS)}]",
        "      retention:",
        f"        - {{element: data_retained, variables: {{duration: {{fr: {years} ans, en: {years} years{es_years}}}}}}}",
        "      storage: [stored_locally]",
    ]
    return "\n".join(lines) + "\n"


def register_text(size: int) -> str:
    rng = random.Random(size)
    return ORGANISATIONS + "".join(sensor_yaml(i, rng) for i in range(size))


def measure(path: str, what: str) -> dict[str, float]:
    """In a fresh child process: the best time of a few runs, and the process's peak memory."""
    from dtpr_core.yaml_source import load_register_text

    text = Path(path).read_text("utf-8")
    runs = 3 if len(text) < 20_000_000 else 1
    if what == "parse":
        seconds = min(_timed(lambda: yaml.load(text, Loader=yaml.CSafeLoader)) for _ in range(runs))
    else:
        seconds = min(_timed(lambda: _check(load_register_text(text))) for _ in range(runs))
    return {"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _child(path: Path, what: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", what, str(path)], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(done.stderr or done.stdout)
    result: dict[str, float] = json.loads(done.stdout)
    return result


def _check(result: Any) -> None:
    if not result.ok:
        raise SystemExit(f"generated register is invalid: {result.problems[:3]}")


def _timed(action: Any) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--measure", nargs=2, metavar=("WHAT", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[1], args.measure[0])))
        return 0
    results: dict[int, tuple[float, float]] = {}
    print(
        f"{'sensors':>8} {'MiB':>6} {'parse s':>8} {'validate s':>10} {'ratio':>6} {'parse peak':>11} {'valid. peak':>11}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(folder, f"sensors-{size}.yaml")
            path.write_text(register_text(size), "utf-8")
            parse, validate = _child(path, "parse"), _child(path, "validate")
            results[size] = (parse["seconds"], validate["seconds"])
            print(
                f"{size:>8} {path.stat().st_size / 2**20:>6.1f} {parse['seconds']:>8.3f} {validate['seconds']:>10.3f} "
                f"{validate['seconds'] / parse['seconds']:>6.2f} {parse['peak_mib']:>7.0f} MiB {validate['peak_mib']:>7.0f} MiB",
                flush=True,
            )
    parse_s, validate_s = results.get(10_000) or results[max(results)]
    print(f"RESULT validate_10k_s={validate_s:.3f} ceiling={parse_s:.3f} ratio={validate_s / parse_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
