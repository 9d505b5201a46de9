"""Fixtures of the sandbox tests: a fake clock and an app on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from otpcli.sandbox.app import create_app
from tests.sandbox.helpers import Client, FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(clock: FakeClock) -> Iterator[Client]:
    with Client(create_app(clock=clock, seed=1, code_pool=0)) as test_client:
        yield test_client
