"""Registry: versions, promote, rollback, and the hot-reloading handle across threads."""

import threading

import pytest

from dealgraph.algorithms.registry import ModelHandle, Registry
from dealgraph.errors import InputError, NotFound


def test_versions_promote_rollback(tmp_path):
    r = Registry(tmp_path, "m")
    with pytest.raises(NotFound):
        r.load()
    v1 = r.save({"w": 1}, {"metrics": {"auc": 0.7}})
    v2 = r.save({"w": 2}, {"metrics": {"auc": 0.8}})
    assert (v1, v2) == ("v0001", "v0002") and r.current() == "v0002"
    assert r.load()[1] == {"w": 2}
    assert [m["current"] for m in r.list()] == [False, True] and r.meta(v1)["metrics"]["auc"] == 0.7
    assert r.rollback() == "v0001" and r.load()[1] == {"w": 1}
    with pytest.raises(InputError):
        r.rollback()
    r.promote("2")
    assert r.current() == "v0002"
    with pytest.raises(NotFound):
        r.promote("v0009")
    v3 = r.save({"w": 3}, {}, promote=False)
    assert r.current() == "v0002" and v3 == "v0003"


def test_handle_reloads_on_promote_and_keeps_objects(tmp_path):
    r = Registry(tmp_path, "m")
    r.save({"w": 1}, {})
    h = ModelHandle(r)
    v, first = h.get()
    assert v == "v0001"
    r.save({"w": 2}, {})
    v2, second = h.get()
    assert v2 == "v0002" and second == {"w": 2} and first == {"w": 1}

    errors = []

    def reader():
        for _ in range(300):
            try:
                ver, model = h.get()
                assert model["w"] == int(ver[1:])
            except Exception as e:  # noqa: BLE001 - collected and asserted below
                errors.append(e)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for i in range(5):
        r.save({"w": 3 + i}, {})
    for t in threads:
        t.join()
    assert not errors and h.get()[0] == "v0007"


def test_file_mode_train_never_replaces_the_served_model(tmp_path, monkeypatch):
    """`leads train` on a user's table saves under 'leads-file' unless --name says otherwise."""
    import numpy as np
    import pandas as pd
    from typer.testing import CliRunner

    from dealgraph.cli import app
    from dealgraph.config import get_settings

    monkeypatch.setenv("DEALGRAPH_MODEL_DIR", str(tmp_path / "models"))
    get_settings.cache_clear()
    try:
        rng = np.random.default_rng(3)
        pd.DataFrame({"budget": rng.integers(1, 100, 60), "won": rng.integers(0, 2, 60)}).to_csv(
            tmp_path / "t.csv", index=False)
        r = CliRunner().invoke(app, ["leads", "train", "-i", str(tmp_path / "t.csv"), "-t", "won"])
        assert r.exit_code == 0, r.output
        assert "saved model leads-file" in r.output and "the API serves 'leads'" in r.output
        assert (tmp_path / "models" / "leads-file").is_dir()
        assert not (tmp_path / "models" / "leads").exists()
    finally:
        get_settings.cache_clear()
