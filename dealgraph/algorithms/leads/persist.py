"""A LeadModel as files that cannot run code when read: JSON for our own parts, skops for the estimator.

Why not pickle: a pickle runs whatever code its bytes name, so anyone able to place a file where
models are read would run code as the server. Here the settings (columns, BANT mapping, cuts,
feature vocabulary) are plain JSON rebuilt into our dataclasses, and the fitted estimator is a
skops file loaded with a fixed list of trusted types: a file naming any other type is refused.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields

import numpy as np

from ...errors import InputError
from .bant import BantColumns, BantScales
from .features import FeatureBuilder
from .model import LeadModel

# Everything a calibrated XGBoost model is made of, beyond what skops trusts by default (checked on
# sigmoid and isotonic calibration). Our code names these, never the file.
TRUSTED = [
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.isotonic.IsotonicRegression",
    "xgboost.core.Booster",
    "xgboost.sklearn.XGBClassifier",
]
STATE = "model.json"
ESTIMATOR = "estimator.skops"


def _plain(v):
    if isinstance(v, np.generic):
        return v.item()
    raise TypeError(f"not JSON: {type(v).__name__}")


def dump(model: LeadModel) -> dict[str, bytes]:
    state = {f.name: getattr(model, f.name) for f in fields(model) if f.name not in ("estimator",)}
    state["features"] = asdict(model.features) if model.features else None
    state["bant_cols"] = asdict(model.bant_cols)
    state["bant_scales"] = asdict(model.bant_scales)
    state["target_mapping"] = [[k, v] for k, v in model.target_mapping.items()]  # keys need not be strings
    files = {STATE: json.dumps(state, ensure_ascii=False, default=_plain).encode()}
    if model.estimator is not None:
        import skops.io as sio

        files[ESTIMATOR] = sio.dumps(model.estimator)
    return files


def load(files: dict[str, bytes]) -> LeadModel:
    try:
        state = json.loads(files[STATE])
        fb = state.pop("features")
        if fb is not None:
            fb["bant_cols"] = BantColumns(**fb["bant_cols"]) if fb.get("bant_cols") else None
            fb["bant_scales"] = BantScales(**fb["bant_scales"]) if fb.get("bant_scales") else None
            fb = FeatureBuilder(**fb)
        known = {f.name for f in fields(LeadModel)}
        extra = set(state) - known
        if extra:
            raise InputError(f"lead model state has unknown fields {sorted(extra)}.")
        state["bant_cols"] = BantColumns(**state["bant_cols"])
        state["bant_scales"] = BantScales(**state["bant_scales"])
        state["target_mapping"] = {k: v for k, v in state["target_mapping"]}
        state["cuts"] = tuple(state["cuts"])
    except (KeyError, TypeError, ValueError) as e:
        raise InputError(f"lead model state is not readable ({type(e).__name__}: {e}).") from None
    estimator = None
    if ESTIMATOR in files:
        import skops.io as sio

        untrusted = set(sio.get_untrusted_types(data=files[ESTIMATOR])) - set(TRUSTED)
        if untrusted:
            raise InputError(f"lead model estimator names types that are not trusted: {sorted(untrusted)}.")
        estimator = sio.loads(files[ESTIMATOR], trusted=TRUSTED)
    return LeadModel(features=fb, estimator=estimator, **state)
