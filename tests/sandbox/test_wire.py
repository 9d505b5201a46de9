"""How the sandbox reads bodies and headers, and what it does not import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import otpcli.sandbox
from otpcli.sandbox.wire import read_fields
from tests.sandbox.helpers import Client


async def echo(request: Request) -> Response:
    return JSONResponse({"fields": await read_fields(request)})


@pytest.fixture
def reader() -> Client:
    return Client(Starlette(routes=[Route("/", echo, methods=["POST", "GET"])]))


def fields(reader: Client, **request: object) -> object:
    with reader:
        return reader.post("/", **request).json()["fields"]


def test_multipart_fields_are_read(reader: Client) -> None:
    form = {"phone": (None, "+56912345678"), "nin": (None, "20123354-1")}
    assert fields(reader, files=form) == {"phone": "+56912345678", "nin": "20123354-1"}


def test_a_multipart_part_sent_as_a_file_is_read_as_text(reader: Client) -> None:
    form = {"phone": ("phone.txt", b"+56912345678", "text/plain")}
    assert fields(reader, files=form) == {"phone": "+56912345678"}


def test_urlencoded_fields_keep_blank_values(reader: Client) -> None:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    assert fields(reader, content=b"a=1&b=&c=%2B569", headers=headers) == {
        "a": "1",
        "b": "",
        "c": "+569",
    }


def test_a_form_under_a_json_header_is_sniffed(reader: Client) -> None:
    headers = {"Content-Type": "application/json"}
    assert fields(reader, content=b"phone=%2B569&nin=1-9", headers=headers) == {
        "phone": "+569",
        "nin": "1-9",
    }


def test_multipart_under_a_json_header_uses_the_body_s_boundary(reader: Client) -> None:
    body = b'--xyz\r\nContent-Disposition: form-data; name="id"\r\n\r\nabc\r\n--xyz--\r\n'
    headers = {"Content-Type": "application/json"}
    assert fields(reader, content=body, headers=headers) == {"id": "abc"}


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b"garbage", "multipart/form-data"),
        (b"garbage", "multipart/form-data; boundary=xyz"),
        (b"--\r\n", "application/json"),
    ],
)
def test_unreadable_bodies_are_none(reader: Client, body: bytes, content_type: str) -> None:
    assert fields(reader, content=body, headers={"Content-Type": content_type}) is None


def test_an_empty_body_and_a_get_have_no_fields(reader: Client) -> None:
    with reader:
        assert reader.post("/", content=b"  ").json()["fields"] == {}
        assert reader.get("/", params={"a": "1"}).json()["fields"] == {}


def test_the_sandbox_imports_nothing_from_the_client() -> None:
    package = Path(otpcli.sandbox.__file__).parent
    outside = []
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            outside += [
                f"{module.name}: {name}"
                for name in names
                if name.startswith("otpcli") and not name.startswith("otpcli.sandbox")
            ]
    assert outside == []
