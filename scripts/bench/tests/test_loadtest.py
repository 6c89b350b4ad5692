"""The load test's helpers: the round-robin plan, the summary, the section in the document."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from loadtest import Kind, Sample, Target, markdown, mix, run, summarise
from report import write_section


def test_summary_per_kind_and_overall():
    samples = [
        Sample("a", 200, 10.0),
        Sample("a", 302, 30.0),
        Sample("a", 500, 20.0),
        Sample("b", 0, 5.0, "ConnectionRefusedError"),
    ]
    a, b, everything = summarise(samples, ["a", "b"])
    assert (a.requests, a.errors, a.p50, a.p95, a.max) == (3, 1, 20.0, 30.0, 30.0)
    assert (b.requests, b.errors, b.p50) == (1, 1, None)  # no answer: no latency
    assert (everything.label, everything.requests, everything.errors) == ("alles", 4, 2)
    table = markdown([a, b, everything], facts=["Throughput: 1 requests/s"], errors=["b: refused"])
    assert "| a | 3 | 1 | 20.0 ms | 30.0 ms | 30.0 ms |" in table
    assert "| b | 1 | 1 | - | - | - |" in table
    assert "- b: refused" in table


def test_the_mix_has_every_kind_and_skips_the_agreement_when_there_is_none():
    with_agreement = mix(7, gemeente="GM1681", other="GM0114", wijk="WK168100", period=2024)
    without = mix(None, gemeente="GM1681", other="GM0114", wijk="WK168100", period=2024)
    assert len(with_agreement) == 11 and len(without) == 10
    assert Kind("afsprakenpagina", "/prestatieafspraken/7/") in with_agreement
    assert all(kind.path.startswith("/") for kind in with_agreement)


@pytest.fixture
def server():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            status = 500 if self.path == "/stuk" else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_clients_share_a_bounded_round_robin_plan(server):
    kinds = [Kind("goed", "/"), Kind("stuk", "/stuk")]
    samples, seconds = run(Target(server), kinds, clients=3, requests=10, duration=0)
    assert len(samples) == 10 and seconds > 0
    assert sum(s.kind == "goed" for s in samples) == 5
    assert [s.ok for s in samples if s.kind == "stuk"] == [False] * 5


def test_a_section_is_replaced_in_place(tmp_path):
    document = tmp_path / "benchmarks.md"
    document.write_text("# Benchmarks\n\nintro\n", encoding="utf-8")
    write_section(document, "Load test", "first\n")
    write_section(document, "Load test", "second\n")
    text = document.read_text(encoding="utf-8")
    assert text.count("## Load test") == 1 and "second" in text and "first" not in text
    assert text.startswith("# Benchmarks\n\nintro\n")
