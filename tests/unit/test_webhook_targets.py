"""The webhook target guard: public http(s) addresses only, numeric spellings and rebinding included."""

import socket

import pytest

from dealgraph.api import webhook_targets as T

REFUSED = [
    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]:7474/",
    "http://localhost:7474/db/neo4j/tx", "http://0.0.0.0:7687/", "http://2130706433/", "http://0177.0.0.1/",
    "http://0x7f.1/", "http://127.1/", "http://user:pw@127.0.0.1:7474/", "http://user:pw@93.184.215.14/",
    "http://[::ffff:127.0.0.1]/", "http://[fe80::1]/", "http://[fd00:ec2::254]/", "http://100.100.100.200/",
    "http://192.168.1.1/", "http://172.16.0.1/", "http://224.0.0.1/", "http://[ff02::1]/", "http://[::]/",
    "ftp://93.184.215.14/", "file:///etc/passwd", "gopher://93.184.215.14/", "http:///x", "",
]


@pytest.mark.parametrize("url", REFUSED)
def test_refused(url):
    with pytest.raises(T.TargetRefused):
        T.check_target(url)


def test_public_address_allowed_and_private_only_by_setting():
    assert T.check_target("https://93.184.215.14/hook") == "93.184.215.14"
    assert T.check_target("http://[2606:4700:4700::1111]/x") == "2606:4700:4700::1111"
    assert T.check_target("http://127.0.0.1:8080/x", allow_private=True) == "127.0.0.1"
    assert T.check_target("http://10.1.2.3/x", allow_private=True) == "10.1.2.3"
    for url in ("http://169.254.169.254/", "http://0.0.0.0/", "http://[fd00:ec2::254]/"):
        with pytest.raises(T.TargetRefused):  # metadata and unspecified stay refused on-premise too
            T.check_target(url, allow_private=True)


def test_a_name_that_now_resolves_inside_is_refused(monkeypatch):
    """DNS rebinding: the same name passes while it resolves outside, and is refused once it
    resolves to loopback, and when ANY of its addresses is internal."""
    answers = {"hooks.example.test": ["93.184.215.14"]}

    def fake(host, port, *a, **k):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in answers[host]]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    assert T.check_target("http://hooks.example.test/x") == "93.184.215.14"
    answers["hooks.example.test"] = ["127.0.0.1"]
    with pytest.raises(T.TargetRefused):
        T.check_target("http://hooks.example.test/x")
    answers["hooks.example.test"] = ["93.184.215.14", "10.0.0.5"]
    with pytest.raises(T.TargetRefused):
        T.check_target("http://hooks.example.test/x")
