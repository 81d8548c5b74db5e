"""Model registry safety: names are identifiers inside the model folder, reads create nothing,
pickles are never read, and a changed file fails closed."""

import json
import pickle

import numpy as np
import pandas as pd
import pytest

from dealgraph.algorithms.leads.model import train_lead_model
from dealgraph.algorithms.registry import ModelRejected, Registry, check_model_name
from dealgraph.errors import InputError, NotFound


class _RunsCode:
    """Unpickling this creates a marker file: proof that loading ran code."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.mark.parametrize("name", ["..", "../x", "../../../../srv/x", "/srv/x", "%2e%2e%2fsrv", "a/b", "x\x00y",
                                  "Leads", "", "-x", "a" * 65, "线索", ".hidden"])
def test_names_that_are_not_identifiers_are_refused(tmp_path, name):
    with pytest.raises(InputError):
        check_model_name(name)
    with pytest.raises(InputError):
        Registry(tmp_path / "models", name)
    assert not (tmp_path / "models").exists()  # refusing created nothing


def test_reading_creates_no_folder(tmp_path):
    reg = Registry(tmp_path, "never-saved")
    assert reg.current() is None and reg.list() == []
    with pytest.raises(NotFound):
        reg.load()
    assert list(tmp_path.iterdir()) == []


def test_planted_pickle_is_never_loaded(tmp_path):
    marker = tmp_path / "ran"
    folder = tmp_path / "leads" / "versions" / "v0001"
    folder.mkdir(parents=True)
    (folder / "model.pkl").write_bytes(pickle.dumps(_RunsCode(marker)))
    (folder / "meta.json").write_text("{}")
    (tmp_path / "leads" / "CURRENT").write_text("v0001\n")
    reg = Registry(tmp_path, "leads")
    with pytest.raises((ModelRejected, NotFound)):
        reg.load()
    assert not marker.exists()


def _lead_model():
    rng = np.random.default_rng(3)
    n = 200
    df = pd.DataFrame({"budget": rng.integers(1, 100, n), "title": rng.choice(["总监", "CTO", "Engineer"], n),
                       "won": rng.integers(0, 2, n)})
    return df, train_lead_model(df, "won").model


def test_lead_model_round_trips_without_pickle(tmp_path):
    df, model = _lead_model()
    reg = Registry(tmp_path, "leads")
    v = reg.save(model, {"note": "t"})
    files = sorted(p.name for p in (tmp_path / "leads" / "versions" / v).iterdir())
    assert files == ["estimator.skops", "manifest.json", "meta.json", "model.json"]
    _, loaded = reg.load()
    rows = df.drop(columns=["won"]).head(20)
    assert loaded.score(rows).equals(model.score(rows))


def test_tampered_files_fail_closed(tmp_path):
    _, model = _lead_model()
    reg = Registry(tmp_path, "leads")
    v = reg.save(model, {})
    folder = tmp_path / "leads" / "versions" / v
    state = json.loads((folder / "model.json").read_text())
    state["cuts"] = [0.0, 0.0]
    (folder / "model.json").write_text(json.dumps(state))
    with pytest.raises(ModelRejected, match="does not match"):
        reg.load()
    # Re-signing the manifest without the key does not help: the HMAC does not verify.
    import hashlib

    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["model.json"] = hashlib.sha256((folder / "model.json").read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelRejected, match="signature"):
        reg.load()


def test_estimator_naming_an_untrusted_type_is_refused(tmp_path):
    import skops.io as sio

    reg = Registry(tmp_path, "m")
    _, model = _lead_model()
    model.estimator = {"f": pd.Timestamp("2024-01-01")}  # a type outside the trusted list
    reg.save(model, {})
    with pytest.raises(InputError, match="not trusted"):
        reg.load()
    assert sio.get_untrusted_types(data=(tmp_path / "m" / "versions" / "v0001" / "estimator.skops").read_bytes())
