"""Device-knowledge benchmark: type accuracy and model coverage on real SNMP recordings.

Run: ``.venv/bin/python -m benchmarks.knowledge [--corpus DIR] [--snmprec DIR] [--confusions N]``.

The corpus (``../shared/corpus``: ``recordings.tar.xz`` + ``labels.tsv``) is real devices'
walks with the types that count as right for each (first = the label). Every file goes through
``agent.identify`` — the path ``lankeeper-agent identify`` and a live scan use. Printed: per
labelled type, accuracy and model coverage; the macro accuracy (mean over the types present);
the share of devices with a model; the confusion pairs. ``../shared/snmprec`` (our own lab
recordings, named ``<kind>_<model>``) is printed on its own, with what each became.

The knowledge tables are compiled from public registries and standard MIBs, never from these
files: the figures say how the method does on makes it was not fitted to.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tarfile
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from agent.identify import identify_path
from agent.knowledge.architecture import is_generic
from schemas import Device

REPO = Path(__file__).resolve().parents[1]
# ../shared next to the checkout (main), or next to the worktrees' directory (/work/wt/<name>)
SHARED_CANDIDATES = (REPO.parent / "shared", REPO.parent.parent / "shared")
FIXTURES = REPO / "tests" / "fixtures"  # copies for a clone with no shared/ next to it


def shared_dir(name: str, env: str) -> Path:
    """``$env``, else ``shared/<name>`` next to the checkout or its worktrees' directory, else
    the copy under ``tests/fixtures/<name>``."""
    if value := os.environ.get(env):
        return Path(value)
    found = [base / name for base in (*SHARED_CANDIDATES, FIXTURES) if (base / name).is_dir()]
    return found[0] if found else SHARED_CANDIDATES[0] / name


@dataclass(frozen=True)
class Labelled:
    name: str
    accepted: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.accepted[0]


@dataclass(frozen=True)
class Outcome:
    item: Labelled
    device_type: str
    model: str | None
    reason: str

    @property
    def right(self) -> bool:
        return self.device_type in self.item.accepted


def read_labels(path: Path) -> list[Labelled]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, accepted, *_ = line.split("\t")
        found.append(Labelled(name, tuple(accepted.split(","))))
    return found


async def run_files(directory: Path, items: Sequence[Labelled]) -> list[Outcome]:
    outcomes = []
    for item in items:
        result = await identify_path(directory / item.name, "snmprec")
        device: Device | None = result.device
        if device is None:
            outcomes.append(Outcome(item, "error", None, result.error or "?"))
            continue
        outcomes.append(Outcome(item, device.device_type.value, device.model, device.type_reason))
    return outcomes


@dataclass(frozen=True)
class Summary:
    macro: float
    with_model: float
    with_product_model: float  # a product name, not a host's "Generic x86 64-bit"
    per_type: dict[str, tuple[int, int, int]]  # label → (right, models, total)


def summarise(outcomes: Sequence[Outcome]) -> Summary:
    per_type: dict[str, tuple[int, int, int]] = {}
    for outcome in outcomes:
        right, models, total = per_type.get(outcome.item.label, (0, 0, 0))
        per_type[outcome.item.label] = (
            right + outcome.right,
            models + bool(outcome.model),
            total + 1,
        )
    macro = sum(r / t for r, _, t in per_type.values()) / max(1, len(per_type))
    with_model = sum(bool(o.model) for o in outcomes) / max(1, len(outcomes))
    products = sum(bool(o.model) and not is_generic(o.model) for o in outcomes)
    return Summary(macro, with_model, products / max(1, len(outcomes)), per_type)


def corpus_outcomes(corpus: Path) -> list[Outcome]:
    """Unpack the corpus into a temporary directory and identify every labelled file."""
    items = read_labels(corpus / "labels.tsv")
    with tempfile.TemporaryDirectory(prefix="lk-corpus-") as tmp:
        with tarfile.open(corpus / "recordings.tar.xz") as archive:
            for member in archive.getmembers():
                name = Path(member.name).name
                if member.isfile() and name.endswith(".snmprec"):
                    source = archive.extractfile(member)
                    if source is not None:
                        (Path(tmp) / name).write_bytes(source.read())
        return asyncio.run(run_files(Path(tmp), items))


def print_summary(title: str, outcomes: Sequence[Outcome], confusions: int) -> None:
    summary = summarise(outcomes)
    print(f"\n{title}: {len(outcomes)} devices")
    print(f"{'type':14} {'devices':>7} {'accuracy':>9} {'model':>7}")
    for label, (right, models, total) in sorted(summary.per_type.items()):
        print(f"{label:14} {total:7d} {right / total:9.1%} {models / total:7.1%}")
    print(
        f"macro type accuracy: {summary.macro:.1%}   devices with a model: {summary.with_model:.1%}"
        f" (a product name: {summary.with_product_model:.1%}; the rest are hosts that report"
        " only their architecture, 'Generic x86 64-bit')"
    )
    pairs = Counter((o.item.label, o.device_type) for o in outcomes if not o.right)
    if pairs:
        print("confusions (label → reported: count):")
        for (label, got), count in pairs.most_common(confusions):
            print(f"  {label} → {got}: {count}")


def snmprec_outcomes(directory: Path) -> list[Outcome]:
    items = [Labelled(path.name, ()) for path in sorted(directory.glob("*.snmprec"))]
    return asyncio.run(run_files(directory, items))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=shared_dir("corpus", "LK_CORPUS_DIR"))
    parser.add_argument("--snmprec", type=Path, default=shared_dir("snmprec", "LK_SNMPREC_DIR"))
    parser.add_argument("--confusions", type=int, default=15)
    parser.add_argument("--wrong", action="store_true", help="list every wrong file and reason")
    args = parser.parse_args(argv)
    outcomes = corpus_outcomes(args.corpus)
    print_summary("corpus", outcomes, args.confusions)
    if args.wrong:
        for o in outcomes:
            if not o.right:
                print(f"  {o.item.name}: {o.item.label} got {o.device_type}: {o.reason[:160]}")
    print("\nlab recordings (../shared/snmprec):")
    for o in snmprec_outcomes(args.snmprec):
        print(f"  {o.item.name:36} {o.device_type:13} model={o.model or '–'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
