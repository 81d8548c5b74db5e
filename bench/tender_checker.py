"""Which check.py scores a labelled tender set: the shared copy that accepts a notice stating no budget
(tests/fixtures/tender_check.py) for the sets whose truth needs it, the validation set's own check.py for the others."""

from __future__ import annotations

from pathlib import Path

SHARED_CHECK = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "tender_check.py"
# blind sets scored by the shared checker; one file, no per-set copies
SHARED_CHECK_SETS = tuple(f"tenders_blind{n}" for n in range(12, 23))


def checker_path(set_dir: Path, default: Path) -> Path:
    """The check.py for the set whose truth.json lies in set_dir."""
    return SHARED_CHECK if set_dir.name in SHARED_CHECK_SETS and SHARED_CHECK.is_file() else default
