"""Bulk runs (`--from FILE`): many records through one operation, one NDJSON line each."""
