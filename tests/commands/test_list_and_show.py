"""`otpcli list` and `otpcli show`: what happened to the codes sent."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
import respx

from tests.conftest import VERIFIK

URL = f"{VERIFIK}/v2/phone-validations"
ID = "674de8df21c72be3cc42b8a7"


def iso(offset: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() + offset))


def record(_id: str, status: str, created: float, expires: float) -> dict[str, Any]:
    return {
        "_id": _id,
        "status": status,
        "countryCode": "+507",
        "phone": "62617737",
        "phoneGateway": "sms",
        "type": "login",
        "otp": "$2b$04$secret-hash-of-the-code",
        "createdAt": iso(created),
        "expiresAt": iso(expires),
    }


RECORDS = [
    record("a" * 24, "sent", -1200, -600),  # expired
    record("b" * 24, "failed", -300, 300),
    record("c" * 24, "sent", -60, 540),  # the newest
]
NESTED = {
    "success": True,
    "data": RECORDS,
    "pagination": {"page": 1, "limit": 20, "total": 3, "pages": 1},
}
FLAT = {"data": RECORDS, "total": 3, "limit": 20, "page": 1, "pages": 1}


def test_list_sends_the_phone_filters_and_paging_on_the_wire(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any
) -> None:
    route = respx_mock.get(URL).respond(200, json=NESTED)
    args = ("list", "+50762617737", "--status", "sent", "--gateway", "sms", "--type", "login")
    result = cli(*args, "--project", "p1", "--limit", "5", "--page", "2")
    assert result.exit_code == 0, result.stderr
    query = dict(route.calls[0].request.url.params)
    assert query == {
        "page": "2",
        "limit": "5",
        "sort": "-createdAt",
        "status": "sent",
        "project": "p1",
        "type": "login",
        "phoneGateway": "sms",
        "countryCode": "+507",
        "phone": "62617737",
    }


@pytest.mark.parametrize("answer", [NESTED, FLAT], ids=["nested", "flat"])
def test_both_pagination_shapes_give_the_same_json(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any, answer: dict[str, Any]
) -> None:
    respx_mock.get(URL).respond(200, json=answer)
    shown = cli("list", "--json").json()
    assert shown["pagination"] == {"page": 1, "limit": 20, "total": 3, "pages": 1}
    assert [r["_id"] for r in shown["data"]] == [r["_id"] for r in RECORDS]
    assert all(r["otp"] == "[redacted]" for r in shown["data"])


def test_the_table_is_newest_first_and_marks_expired_and_failed_in_words(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any
) -> None:
    respx_mock.get(URL).respond(200, json=NESTED)
    lines = cli("list").stdout.splitlines()
    rows = [line for line in lines if line[:1] in "abc" and len(line) > 24]
    assert [row[0] for row in rows] == ["c", "b", "a"]
    assert "FAILED" in rows[1] and "(EXPIRED)" in rows[2] and "EXPIRED" not in rows[0]
    assert "secret-hash" not in "\n".join(lines)


def test_quiet_prints_the_ids_and_an_empty_list_says_so(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any
) -> None:
    respx_mock.get(URL).mock(
        side_effect=[
            httpx.Response(200, json=NESTED),
            httpx.Response(200, json={"data": [], "pagination": {"total": 0}}),
        ]
    )
    assert cli("list", "-q").stdout.split() == [r["_id"] for r in RECORDS]
    empty = cli("list")
    assert (empty.exit_code, empty.stdout) == (0, "")
    assert "no validations found" in empty.stderr


def test_all_walks_every_page(cli: Any, respx_mock: respx.MockRouter, logged_in: Any) -> None:
    pages = [
        {"data": [RECORDS[i]], "pagination": {"page": i + 1, "limit": 1, "total": 3, "pages": 3}}
        for i in range(3)
    ]
    route = respx_mock.get(URL).mock(side_effect=[httpx.Response(200, json=p) for p in pages])
    shown = cli("list", "--all", "--limit", "1", "--json").json()
    assert len(shown["data"]) == 3
    assert [c.request.url.params["page"] for c in route.calls] == ["1", "2", "3"]


def test_show_gets_one_record_by_id(cli: Any, respx_mock: respx.MockRouter, logged_in: Any) -> None:
    respx_mock.get(f"{URL}/{ID}").respond(200, json={"data": record(ID, "validated", -60, 540)})
    result = cli("show", ID)
    assert result.exit_code == 0
    assert ID in result.stdout and "validated" in result.stdout
    assert cli("show", ID, "-q").stdout == "validated\n"


def test_show_of_an_unknown_id_is_exit_5(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any
) -> None:
    respx_mock.get(f"{URL}/{ID}").respond(
        404,
        json={
            "success": False,
            "error": "Phone validation not found",
            "code": "PHONE_VALIDATION_NOT_FOUND",
        },
    )
    result = cli("show", ID, "--json")
    assert result.exit_code == 5
    assert result.error["code"] == "PHONE_VALIDATION_NOT_FOUND"


@pytest.mark.parametrize("bad", ["nothex", "674de8df21c72be3cc42b8a", ID + "0", "Z" * 24])
def test_show_refuses_an_id_that_is_not_24_hex_without_sending(
    cli: Any, no_network: Any, logged_in: Any, bad: str
) -> None:
    result = cli("show", bad)
    assert result.exit_code == 2
    assert "24 hexadecimal" in result.stderr


def test_list_with_json_is_exactly_the_normalised_shape(
    cli: Any, respx_mock: respx.MockRouter, logged_in: Any
) -> None:
    respx_mock.get(URL).respond(200, json=FLAT)
    assert set(json.loads(cli("list", "--json").stdout)) == {"data", "pagination"}
