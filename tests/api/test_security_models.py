"""Model names over real HTTP: never a path, nothing created on read, a planted pickle never runs."""

import pickle

import httpx
import pytest

pytestmark = [pytest.mark.api, pytest.mark.graph]

BAD_NAMES = ["..", "../../../../../../../srv/x", "/srv/x", "..%2F..%2Fsrv", "%2Fsrv%2Fx", "a%00b", "Leads"]


class _RunsCode:
    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.mark.parametrize("name", BAD_NAMES)
def test_traversal_names_refused_and_nothing_created(start_server, keys, tmp_path, name):
    models = tmp_path / "models"
    with start_server(model_dir=models) as server:
        h = {"X-API-Key": keys["read_only"]}
        # The raw query string is sent as written, so %2F and %00 reach the server encoded.
        r = httpx.get(f"{server.url}/leads/model?name={name}", headers=h, timeout=30)
        assert r.status_code in (400, 422), r.text
        r = httpx.post(f"{server.url}/leads/score", headers=h, timeout=30,
                       json={"rows": [{"a": 1}], "model": httpx.URL(f"/?{name}").query.decode()})
        assert r.status_code == 422, r.text
    assert not models.exists() or list(models.iterdir()) == []


def test_planted_pickle_never_runs(start_server, keys, tmp_path):
    models = tmp_path / "models"
    marker = tmp_path / "code-ran"
    folder = models / "leads" / "versions" / "v0001"
    folder.mkdir(parents=True)
    (folder / "model.pkl").write_bytes(pickle.dumps(_RunsCode(marker)))
    (folder / "meta.json").write_text('{"version": "v0001"}')
    (models / "leads" / "CURRENT").write_text("v0001\n")
    with start_server(model_dir=models) as server:
        h = {"X-API-Key": keys["read_only"]}
        r = httpx.post(f"{server.url}/leads/score", headers=h, timeout=30, json={"rows": [{"a": 1}]})
        assert r.status_code in (404, 409), r.text
        assert "Internal" not in r.text
    assert not marker.exists()
