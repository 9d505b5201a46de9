"""Where the tool keeps its files. Environment variable names live in `env.py`."""

from __future__ import annotations

import os
from pathlib import Path

from otpcli import env


def config_dir() -> Path:
    override = os.environ.get(env.CONFIG_DIR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("otpcli", appauthor=False))


def data_dir() -> Path:
    override = os.environ.get(env.DATA_DIR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("otpcli", appauthor=False))


def config_file() -> Path:
    return config_dir() / "config.toml"


def state_file() -> Path:
    return data_dir() / "state.json"


def credentials_file() -> Path:
    return data_dir() / "credentials.json"
