"""Screening a Parquet book on a Dask cluster (a LocalCluster of two worker processes):
the same findings, account values and bad records as the local screen, partition by
partition of whole accounts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from loanoverdue.cli import main
from loanoverdue.portfolio import generate_book, screen_book
from loanoverdue.portfolio.book import write_parquet_book
from loanoverdue.portfolio.cluster import partitions, screen_on_cluster

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as local,
        distributed.Client(local) as client,
    ):
        yield client


def rows(path: Path) -> list[str]:
    return [json.dumps(r, default=str, sort_keys=True) for r in pq.read_table(path).to_pylist()]


def test_the_cluster_screens_like_one_process(tmp_path: Path, cluster: Any) -> None:
    book = list(generate_book(90, seed=5))
    stray = {"id": book[40]["id"] + "x", "events": [{"at": "2026-01-01T10:00:00+00:00", "action": "call"}]}
    source = tmp_path / "book"
    # row groups of 20 accounts; the stray account is taken out so its events are orphans
    write_parquet_book(source, [*book[:41], stray, *book[41:]], row_group_size=20)
    accounts = pq.read_table(source / "accounts.parquet")
    keep = [i for i, x in enumerate(accounts.column("id").to_pylist()) if x != stray["id"]]
    pq.write_table(accounts.take(keep), source / "accounts.parquet", row_group_size=20)
    assert len(partitions(source)) == 5
    local, remote = tmp_path / "local", tmp_path / "remote"
    one = screen_book(source, local)
    many = screen_on_cluster(source, remote, cluster)
    assert rows(remote / "findings") == rows(local / "findings.parquet")
    assert rows(remote / "accounts") == rows(local / "accounts.parquet")
    assert rows(remote / "bad_records") == rows(local / "bad_records.parquet")
    assert (many.accounts, many.bad_records, dict(many.findings)) == (
        one.accounts,
        one.bad_records,
        dict(one.findings),
    )
    assert (many.accounts, many.bad_records) == (90, 1)


def test_the_cli_screens_on_a_cluster(
    tmp_path: Path, cluster: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "book"
    write_parquet_book(source, generate_book(12, seed=2), row_group_size=5)
    address = cluster.scheduler.address
    assert main(["screen", str(source), "--out", str(tmp_path / "out"), "--dask", address]) == 0
    assert "accounts screened: 12" in capsys.readouterr().out
    assert len(pq.read_table(tmp_path / "out" / "accounts")) == 12


def test_the_cli_refuses_json_lines_and_workers_with_dask(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "b.jsonl"
    book.write_text("")
    assert main(["screen", str(book), "--out", str(tmp_path / "o"), "--dask", "tcp://127.0.0.1:1"]) == 2
    assert "--dask screens a Parquet book" in capsys.readouterr().err
    assert main(["screen", str(tmp_path), "--out", "o", "--dask", "tcp://127.0.0.1:1", "--workers", "2"]) == 2
    assert "--workers: not with --dask" in capsys.readouterr().err


def test_dask_dataframes_screen_like_one_process(tmp_path: Path, cluster: Any) -> None:
    dd = pytest.importorskip("dask.dataframe")
    from loanoverdue.portfolio.cluster import screen_frames

    book = list(generate_book(70, seed=8))
    source = tmp_path / "book"
    write_parquet_book(source, book, row_group_size=15)
    table = pq.read_table(source / "events.parquet")
    pq.write_table(table, source / "events.parquet", row_group_size=len(table) // 3 + 1)
    accounts = dd.read_parquet(source / "accounts.parquet", split_row_groups=True)
    events = dd.read_parquet(source / "events.parquet", split_row_groups=True)
    assert (accounts.npartitions, events.npartitions) == (5, 3)  # not aligned with the accounts'
    local, remote = tmp_path / "local", tmp_path / "remote"
    one = screen_book(source, local)
    many = screen_frames(accounts, events, remote, cluster)
    assert rows(remote / "findings") == rows(local / "findings.parquet")
    assert rows(remote / "accounts") == rows(local / "accounts.parquet")
    assert (many.accounts, many.bad_records, dict(many.findings)) == (70, 0, dict(one.findings))
