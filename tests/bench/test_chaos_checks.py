"""The crash harness's own checks, without a stack: the webhook receiver (real HTTP on loopback)
and the classification of webhook deliveries and first reports."""

from __future__ import annotations

import json
import os
import socket
import threading

import httpx

from bench.chaos.receiver import Received, WebhookReceiver, owner_of_port
from bench.chaos.verify import classify_webhooks, first_reports


def post(url: str, delivery: str, body: object) -> int:
    headers = {"X-PolicyWatch-Delivery": delivery, "X-PolicyWatch-Event": "alert"}
    return httpx.post(url, content=json.dumps(body), headers=headers, timeout=10).status_code


def test_receiver_records_alerts_and_digests_and_refuses_a_cut_off_body() -> None:
    with WebhookReceiver() as receiver:
        assert post(receiver.url, "d1", {"id": "a1", "rule_id": "r"}) == 200
        assert (
            post(receiver.url, "d2", {"id": "g1", "rule_id": "r", "alerts": [{"id": "a2"}, {"id": "a3"}]})
            == 200
        )
        assert httpx.post(receiver.url, content=b"", timeout=10).status_code == 400
        received = receiver.snapshot()
    assert received == [
        Received("d1", "alert", ("a1",), "r", digest=False),
        Received("d2", "alert", ("a2", "a3"), "r", digest=True),
    ]
    assert receiver.truncated == 1


def test_a_held_request_names_the_process_whose_socket_sent_it() -> None:
    with WebhookReceiver() as receiver:
        receiver.hold_next(1.0)
        host, port = receiver.url.removeprefix("http://").split("/")[0].split(":")
        with socket.create_connection((host, int(port))) as client:
            body = b'{"id": "a1", "rule_id": "r"}'
            client.sendall(b"POST /hook HTTP/1.1\r\nHost: x\r\nX-PolicyWatch-Delivery: d1\r\n"
                           b"Content-Length: %d\r\n\r\n%s" % (len(body), body))  # fmt: skip
            held = receiver.wait_held(10)
            assert held is not None and held.delivery_id == "d1"
            assert held.peer_port == client.getsockname()[1]
            assert owner_of_port(held.peer_port, {"me": os.getpid()}) == "me"
            assert owner_of_port(held.peer_port, {"init": 1}) is None
            assert client.recv(100).startswith(b"HTTP/1.0 200")


def test_webhook_classification_counts_delivery_ids_not_requests() -> None:
    received = [
        Received("d1", "alert", ("a1",), "r", digest=False),
        Received("d1", "alert", ("a1",), "r", digest=False),  # the same delivery sent again: one
        Received("d2", "alert", ("a2",), "r", digest=False),
        Received("d3", "alert", ("a2",), "r", digest=False),  # a second delivery of a2: duplicate
        Received("g1", "digest", ("a5", "a9"), "r", digest=True),
    ]
    figures = classify_webhooks({"a1", "a2", "a3", "a4", "a5"}, received, failed_alerts={"a3"})
    assert figures == {"ok": 2, "failed": 1, "lost": 1, "duplicate": 1, "unexpected": 1,
                       "requests": 5, "deliveries": 4}  # fmt: skip


def test_first_reports_per_story_of_one_rule() -> None:
    def alert(story: str, kind: str, rule: str = "r") -> dict[str, object]:
        return {"rule_id": rule, "story_id": story, "kind": kind}

    alerts = [alert("s1", "new"), alert("s1", "update"), alert("s2", "update"), alert("s3", "new"),
              alert("s3", "new"), alert("s2", "new", rule="other")]  # fmt: skip
    assert first_reports(alerts, rule_id="r") == {
        "stories": 3,
        "one first report": 1,
        "none": 1,
        "several": 1,
    }


def test_receiver_serves_concurrent_requests_while_one_is_held() -> None:
    with WebhookReceiver() as receiver:
        receiver.hold_next(2.0)
        slow = threading.Thread(target=post, args=(receiver.url, "slow", {"id": "a0", "rule_id": "r"}))
        slow.start()
        assert receiver.wait_held(10) is not None
        assert post(receiver.url, "fast", {"id": "a1", "rule_id": "r"}) == 200
        assert [r.delivery_id for r in receiver.snapshot()] == ["slow", "fast"]
        slow.join()
