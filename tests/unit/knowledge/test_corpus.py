"""The real-device corpus (../shared/corpus) keeps the accuracy reached, so it cannot slip.

Not timed: it counts right answers. The figures and the confusions are printed by
``python -m benchmarks.knowledge``; raise these floors when the knowledge gets better.
"""

from __future__ import annotations

import pytest

from benchmarks.knowledge import Summary, corpus_outcomes, shared_dir, summarise

MACRO_TYPE_ACCURACY_FLOOR = 0.957
WITH_MODEL_FLOOR = 0.840
# a product name, not a host's hardware class ("Generic x86 64-bit")
WITH_PRODUCT_MODEL_FLOOR = 0.723


@pytest.fixture(scope="module")
def summary() -> Summary:
    corpus = shared_dir("corpus", "LK_CORPUS_DIR")
    if not (corpus / "recordings.tar.xz").is_file():
        pytest.skip(f"no corpus at {corpus} (set LK_CORPUS_DIR)")
    return summarise(corpus_outcomes(corpus))


def test_macro_type_accuracy_stays_above_the_floor(summary: Summary) -> None:
    assert summary.macro >= MACRO_TYPE_ACCURACY_FLOOR


def test_devices_with_a_model_stay_above_the_floor(summary: Summary) -> None:
    assert summary.with_model >= WITH_MODEL_FLOOR


def test_devices_with_a_product_model_stay_above_the_floor(summary: Summary) -> None:
    assert summary.with_product_model >= WITH_PRODUCT_MODEL_FLOOR


def test_no_labelled_type_collapses(summary: Summary) -> None:
    for label, (right, _, total) in summary.per_type.items():
        assert right / total >= 0.75, label
