"""Versioned documents and the format registry: schemas hold for real output, every format is the same for any
--jobs, the README's format table is the registry's, and a stopped run still closes its document."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonschema
import pytest
from cli_checks import invoke
from click.testing import Result
from referencing import Registry as SchemaRegistry
from referencing import Resource

import kcheck.render.table
import kcheck.stream
from kcheck.render import FORMATS, format_table, names
from kcheck.stream import CHUNK_ROWS

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "kcheck" / "schemas"
SAMPLE = ROOT / "data" / "sample_products.csv"
BODY = (
    "a,Good,Vitamin K2 (as menaquinone-7) 100 mcg per capsule\n"
    "b,Typo,Vitamin K2 (as menaquinone-7) 100 mg per capsule\n"
    "c,Empty,\n"
    "e,Long,45 mcg MK-7,extra\n"
    'f,Multi,"Vitamin D3 25 mcg, Vitamin K2 (MK-7) 90 mcg"\n'
    "g,Ambiguous,\"1,5 mg K1\"\n"
    "h,Unverified,45 mg MK-4\n"
)


def run(*args: str) -> Result:
    return invoke(list(args), env={"COLUMNS": "120"})


def validator(name: str) -> jsonschema.Draft7Validator:
    resources = [
        (json.loads(path.read_text())["$id"], Resource.from_contents(json.loads(path.read_text())))
        for path in SCHEMAS.glob("*.json")
    ]
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    return jsonschema.Draft7Validator(schema, registry=SchemaRegistry().with_resources(resources))


def valid(name: str, document: Any) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(document)]
    assert not errors, errors[:5]


@pytest.fixture
def big_csv(tmp_path: Path) -> Path:
    """More rows than two chunks, so --jobs 2 really uses workers."""
    lines = ["id,name,label"]
    while len(lines) <= 2 * CHUNK_ROWS + 9:
        lines.extend(f"{len(lines)}{line}" for line in BODY.splitlines())
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("schema", [path.stem for path in sorted(SCHEMAS.glob("*.json"))])
def test_every_schema_is_a_valid_draft7_schema_with_a_versioned_id(schema: str) -> None:
    document = json.loads((SCHEMAS / f"{schema}.json").read_text())
    jsonschema.Draft7Validator.check_schema(document)
    assert document["$id"] == f"urn:kcheck:{schema}:1"


@pytest.mark.parametrize(
    ("schema", "args"),
    [
        pytest.param("label", ("label", "--format", "json", "5000 IU D3 + 100 mcg K2 (MK-7) x3"), id="label"),
        pytest.param("label", ("label", "--format", "json", "1,5 mg K1"), id="label-ambiguous"),
        pytest.param("label", ("label", "--format", "json", "see label"), id="label-unreadable"),
        pytest.param("regimens", ("regimens", "--format", "json"), id="regimens"),
        pytest.param("lint", ("lint", "--format", "json", str(ROOT / "data" / "products.yaml")), id="lint"),
        pytest.param("batch", ("batch", "--format", "json", str(SAMPLE)), id="batch-json"),
    ],
)
def test_documents_validate_against_their_schema(schema: str, args: tuple[str, ...]) -> None:
    document = json.loads(run(*args).stdout)
    valid(schema, document)
    assert document["schema"] == f"urn:kcheck:{schema}:1"


def test_every_jsonl_row_validates_and_names_the_data(big_csv: Path) -> None:
    rows = [json.loads(line) for line in run("batch", "--format", "jsonl", str(big_csv)).stdout.splitlines()]
    for row in rows:
        valid("batch-row", row)
    assert {row["data"] for row in rows} == {json.loads(run("regimens", "--format", "json").stdout)["data"]}


def test_compact_comparisons_name_regimens_of_the_regimen_table() -> None:
    document = json.loads(run("batch", "--format", "json", str(SAMPLE)).stdout)
    known = {regimen["id"] for regimen in document["regimens"]}
    used = {c[0] for row in document["rows"] for per_ingredient in row["comparisons"] for c in per_ingredient}
    assert used and used <= known


@pytest.fixture
def always_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers however often big_csv's labels repeat (the runner keeps a repetitive file in one process)."""
    monkeypatch.setattr(kcheck.stream, "STAY_REPEATS", 2.0)


@pytest.mark.parametrize("output_format", names("batch"))
def test_every_format_is_the_same_bytes_for_any_jobs(big_csv: Path, output_format: str, always_workers: None) -> None:
    one = run("batch", "--format", output_format, "--jobs", "1", str(big_csv))
    two = run("batch", "--format", output_format, "--jobs", "2", str(big_csv))
    assert one.exit_code == two.exit_code == 1, one.output
    assert one.stdout_bytes == two.stdout_bytes


@pytest.mark.parametrize("output_format", names("batch"))
def test_every_format_written_to_a_file_is_the_same_bytes_for_any_jobs(
    big_csv: Path, output_format: str, tmp_path: Path, always_workers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Into a file the workers' chunks are copied from the files they leave (os.sendfile); none is left."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    outputs = {}
    for jobs in ("1", "2"):
        target = tmp_path / f"out-{jobs}"
        result = run("batch", "--format", output_format, "--jobs", jobs, "--output", str(target), str(big_csv))
        assert result.exit_code == 1, result.output
        outputs[jobs] = target.read_bytes()
    assert outputs["1"] == outputs["2"] == run("batch", "--format", output_format, str(big_csv)).stdout_bytes
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("output_format", names("batch"))
def test_every_format_on_an_empty_file(tmp_path: Path, output_format: str) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("id,label\n")
    result = run("batch", "--format", output_format, str(path))
    assert result.exit_code == 0, result.output
    if output_format in ("json", "sarif"):
        json.loads(result.stdout)
    if output_format == "junit":
        ElementTree.fromstring(result.stdout)


def _stop_after_first_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    original = kcheck.stream.render_chunk
    calls = []

    def dying(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) > 1:
            raise kcheck.stream.WorkerStopped("a worker process stopped before it finished")
        return original(*args, **kwargs)

    monkeypatch.setattr(kcheck.stream, "render_chunk", dying)


@pytest.mark.parametrize(
    ("output_format", "closed"),
    [
        pytest.param("json", lambda out: json.loads(out)["summary"]["complete"] is False, id="json-summary"),
        pytest.param(
            "sarif",
            lambda out: json.loads(out)["runs"][0]["invocations"][0]["executionSuccessful"] is False,
            id="sarif-execution-unsuccessful",
        ),
        pytest.param(
            "junit", lambda out: ElementTree.fromstring(out).find(".//error") is not None, id="junit-error-element"
        ),
        pytest.param("table", lambda out: "stopped: a worker process stopped" in out, id="table-says-so"),
    ],
)
def test_a_stopped_run_closes_its_document(
    big_csv: Path, monkeypatch: pytest.MonkeyPatch, output_format: str, closed: Any
) -> None:
    _stop_after_first_chunk(monkeypatch)
    result = run("batch", "--format", output_format, "--jobs", "1", str(big_csv))
    assert result.exit_code == 2
    assert "a worker process stopped" in result.stderr
    assert closed(result.stdout)


def test_table_is_capped_with_a_pointer_to_csv(big_csv: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kcheck.render.table, "TABLE_ROWS", 5)
    result = run("batch", "--format", "table", str(big_csv))
    rows = sum(1 for line in big_csv.read_text().splitlines()[1:] if line)
    assert f"{rows - 5:,} more rows: use --format csv" in result.stdout
    assert re.search(rf"^{rows} rows: ", result.stdout, re.MULTILINE)


def test_jobs_above_the_cores_are_capped_with_a_note(big_csv: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kcheck.stream, "available_cores", lambda: 1)
    monkeypatch.setattr("kcheck.batchrun.available_cores", lambda: 1)
    result = run("batch", "--format", "csv", "--jobs", "64", str(big_csv))
    assert "--jobs 64 is more than the 1 cores available: using 1" in result.stderr


def test_readme_format_table_is_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert format_table() in readme, "README's format table drifted: paste kcheck.render.format_table()"
    assert all(entry.targets for entry in FORMATS)


def test_every_registered_target_exists() -> None:
    from kcheck.render import load

    for entry in FORMATS:
        for command in entry.targets:
            loaded = load(command, entry.name)
            if command == "batch":
                assert callable(loaded.render_rows) and callable(loaded.Writer)
            else:
                assert callable(loaded)
