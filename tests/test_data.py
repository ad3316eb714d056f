"""The shipped data is tested like code: unique ids, every entry cited, amounts parse, forms exist."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from kcheck.data import CACHE_VERSION, DATA_FILES, HASHED_FILES, data_dir, load_file, load_yaml
from kcheck.errors import DataError
from kcheck.forms import FormRegistry, build_form_registry
from kcheck.grammar import parse_label
from kcheck.regimens import Registry, build_registry


def test_every_referenced_source_exists_and_every_entry_is_cited(registry: Registry) -> None:
    entries = [*registry.regimens, *registry.references, *registry.interactions]
    assert entries
    for entry in entries:
        assert entry.citations, entry.id
        assert all(source in registry.sources for source in entry.citations), entry.id
    for form in registry.forms.forms.values():
        for source in (*form.molar_mass_citations, *form.iu_citations):
            assert source in registry.sources, form.code


def test_recalled_facts_are_marked_unverified(registry: Registry) -> None:
    """facts.md marks Inoue 2009's daily dose as RECALLED: it must never show as verified."""
    inoue = next(r for r in registry.regimens if r.id == "inoue-2009-of")
    assert not inoue.verified and "dose" in inoue.unverified
    for source in registry.sources.values():
        assert source.verified == (not source.unverified), source.id


@pytest.mark.parametrize(
    ("regimen_id", "form", "daily_ug"),
    [
        pytest.param("glakay-label", "MK-4", 45000, id="glakay-45mg"),
        pytest.param("knapen-2013", "MK-7", 180, id="knapen-180mcg"),
        pytest.param("emaus-2010", "MK-7", 360, id="emaus-360mcg"),
        pytest.param("ronn-2016", "MK-7", 375, id="ronn-375mcg"),
        pytest.param("cheung-2008", "K1", 5000, id="cheung-5mg"),
        pytest.param("bolton-smith-2007", "K1", 200, id="bolton-smith-200mcg"),
        pytest.param("binkley-2009-k1", "K1", 1000, id="binkley-k1-1mg"),
        pytest.param("binkley-2009-mk4", "MK-4", 45000, id="binkley-mk4-45mg"),
        pytest.param("knapen-2007", "MK-4", 45000, id="knapen-2007-45mg"),
        pytest.param("shiraki-2000", "MK-4", 45000, id="shiraki-45mg"),
        pytest.param("theuwissen-2013-10mcg", "MK-7", 10, id="theuwissen-10mcg"),
    ],
)
def test_required_regimens_match_facts_md(registry: Registry, regimen_id: str, form: str, daily_ug: int) -> None:
    regimen = next(r for r in registry.regimens if r.id == regimen_id)
    assert (regimen.form, regimen.daily_ug) == (form, daily_ug)


def test_glakay_is_three_times_15_mg(registry: Registry) -> None:
    glakay = next(r for r in registry.regimens if r.id == "glakay-label")
    assert (glakay.dose_ug, glakay.doses_per_day) == (15000, 3)


def test_bands_are_ordered_and_cover_the_studied_doses(registry: Registry) -> None:
    for form in registry.forms.forms.values():
        if form.band is None:
            continue
        assert form.band.low_ug < form.band.high_ug, form.code
        assert form.band.reason, form.code
        for regimen in registry.regimens:
            if registry.forms.is_ancestor(form.code, regimen.form):
                assert form.band.low_ug <= regimen.dose_ug <= form.band.high_ug, (form.code, regimen.id)


def test_every_product_ingredient_parses(forms: FormRegistry) -> None:
    products = load_file("products.yaml")["products"]
    ids = [p["id"] for p in products]
    assert len(ids) == len(set(ids))
    for product in products:
        assert product["source"], product["id"]
        for line in product["ingredients"]:
            label = parse_label(line, forms)
            assert label.status == "ok", (product["id"], line)


def test_data_amounts_use_ismp_safe_spelling() -> None:
    """No µg/μg, no trailing zero ('45.0 mg') and no naked decimal ('.5 mg') in shipped amounts."""
    unsafe = re.compile(r"µg|μg|\b\d+\.0+ (?:mcg|mg|g|IU)\b|(?<![\d.])\.\d+ (?:mcg|mg|g)\b")
    for name in (*DATA_FILES, "products.yaml"):
        raw = (data_dir() / name).read_text(encoding="utf-8")
        assert not unsafe.search(raw), (name, unsafe.search(raw))


def _broken(data: Any, change: Any) -> Any:
    copied = copy.deepcopy(data)
    change(copied)
    return copied


@pytest.mark.parametrize(
    ("file_index", "change", "message"),
    [
        pytest.param(2, lambda d: d["regimens"][0].update(daily="46 mg"), "is not dose", id="daily-not-dose-times-n"),
        pytest.param(2, lambda d: d["regimens"][0].update(citations=[]), "no citations", id="uncited"),
        pytest.param(
            2, lambda d: d["regimens"][0].update(citations=["nobody-1999"]), "unknown source", id="unknown-source"
        ),
        pytest.param(2, lambda d: d["regimens"][0].update(form="MK-9"), "not a form", id="unknown-form"),
        pytest.param(2, lambda d: d["regimens"][0].update(dose="15 µg"), "is not '<number>", id="micro-sign-amount"),
        pytest.param(2, lambda d: d["regimens"].append(dict(d["regimens"][0])), "duplicate id", id="duplicate-id"),
        pytest.param(3, lambda d: d["references"][0].update(market="mars"), "market", id="bad-market"),
    ],
)
def test_invalid_data_is_refused_with_file_and_key(
    file_index: int, change: Any, message: str, forms: FormRegistry
) -> None:
    files = [load_file(name) for name in DATA_FILES]
    files[file_index] = _broken(files[file_index], change)
    with pytest.raises(DataError, match=message):
        build_registry(forms, *files[1:])


def test_duplicate_alias_is_refused() -> None:
    data = _broken(load_file("forms.yaml"), lambda d: d["forms"][1]["aliases"].append("MK-7"))
    with pytest.raises(DataError, match="already names"):
        build_form_registry(data)


def test_parsed_data_cache_matches_yaml_and_follows_edits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The JSON cache holds exactly what YAML parses, and an edited file gets a new cache entry."""
    data = tmp_path / "data"
    data.mkdir()
    for name in DATA_FILES:
        (data / name).write_bytes((data_dir() / name).read_bytes())
    monkeypatch.setattr("kcheck.data.data_dir", lambda: data)
    monkeypatch.setenv("KCHECK_CACHE_DIR", str(tmp_path / "cache"))
    load_file.cache_clear()
    try:
        first = {name: load_file(name) for name in DATA_FILES}
        assert first == {name: load_yaml(data / name) for name in DATA_FILES}
        entries = list((tmp_path / "cache").glob("*.json"))
        assert len(entries) == len(DATA_FILES)
        # Releases with another cache format must never read these entries: the version is in the name.
        assert all(f".v{CACHE_VERSION}." in entry.name for entry in entries)
        load_file.cache_clear()
        assert load_file("forms.yaml") == first["forms.yaml"]
        (data / "forms.yaml").write_text("version: 1\nforms: []\n", encoding="utf-8")
        load_file.cache_clear()
        assert load_file("forms.yaml") == {"version": 1, "forms": []}
    finally:
        load_file.cache_clear()


def test_unwritable_cache_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("KCHECK_CACHE_DIR", str(blocker / "cache"))
    load_file.cache_clear()
    try:
        assert load_file("interactions.yaml")["interactions"]
    finally:
        load_file.cache_clear()


def _loaded_records(registry: Registry) -> dict[tuple[str, str], dict[str, Any]]:
    """Every list of records kcheck loads, by (file, key): what a flag in the data must reach."""
    return {
        ("sources.yaml", "sources"): dict(registry.sources),
        ("regimens.yaml", "regimens"): {r.id: r for r in registry.regimens},
        ("regimens.yaml", "form_differences"): {d.id: d for d in registry.form_differences},
        ("regimens.yaml", "fracture_cautions"): {c.id: c for c in registry.fracture_cautions},
        ("references.yaml", "references"): {r.id: r for r in registry.references},
        ("interactions.yaml", "interactions"): {i.id: i for i in registry.interactions},
    }


def _flagged_mappings(value: Any, path: str) -> list[str]:
    """Paths of every mapping anywhere in the data that carries verified or unverified."""
    found = []
    if isinstance(value, dict):
        if "verified" in value or "unverified" in value:
            found.append(path)
        for key, item in value.items():
            found += _flagged_mappings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _flagged_mappings(item, f"{path}[{index}]")
    return found


def test_every_verification_flag_in_the_data_is_loaded(registry: Registry) -> None:
    """No flag the code ignores: each one sits on a record kcheck loads, and the loaded record keeps it."""
    loaded = _loaded_records(registry)
    for name in DATA_FILES:
        data = load_file(name)
        on_records = []
        for key, entries in data.items():
            for index, entry in enumerate(entries if isinstance(entries, list) else ()):
                if isinstance(entry, dict) and ("verified" in entry or "unverified" in entry):
                    on_records.append(f"{name}.{key}[{index}]")
                    record = loaded[(name, key)][entry["id"]]
                    assert record.verified is entry["verified"], (name, entry["id"])
                    assert record.unverified == tuple(entry["unverified"] or ()), (name, entry["id"])
        assert _flagged_mappings(data, name) == on_records, name
    for (name, key), records in loaded.items():
        assert len(load_file(name)[key]) == len(records), (name, key)


def test_no_orphaned_source(registry: Registry) -> None:
    """Every source is cited by a data entry, a form's number, or (product pages) a catalogue product."""
    cited = {
        source
        for records in _loaded_records(registry).values()
        for record in records.values()
        for source in getattr(record, "citations", ())
    }
    for form in registry.forms.forms.values():
        cited |= {*form.molar_mass_citations, *form.iu_citations}
    pages = {product["source"] for product in load_file("products.yaml")["products"]}
    raw = {entry["id"]: entry for entry in load_file("sources.yaml")["sources"]}
    for source_id, entry in raw.items():
        if pages & {entry.get("url"), *(entry.get("seen_at") or ())}:
            cited.add(source_id)
    assert set(registry.sources) - cited == set()


@pytest.mark.parametrize(
    ("file_index", "change", "message"),
    [
        pytest.param(1, lambda d: d["sources"][0].pop("verified"), "missing verified", id="source-without-flag"),
        pytest.param(
            2, lambda d: d["regimens"][0].update(verified=False), "verified must be true exactly", id="flags-disagree"
        ),
        pytest.param(3, lambda d: d["references"][0].update(rule="KC306"), "has a rule", id="rule-on-a-non-limit"),
        pytest.param(
            3, lambda d: d["references"][0].update(age_from=3, age_below=2), "age_below needs", id="age-band-reversed"
        ),
        pytest.param(3, lambda d: d["references"][0].update(age_from=130), "not an age", id="age-out-of-range"),
        pytest.param(
            4, lambda d: d["interactions"][0].update(forms=None), "forms must list", id="interaction-all-forms"
        ),
        pytest.param(
            2,
            lambda d: d["form_differences"][0].update(forms=["MK-4", "MK-4"]),
            "two different",
            id="difference-one-form",
        ),
        pytest.param(
            2,
            lambda d: d["fracture_cautions"][0]["odds_ratios"][0].update(odds_ratio="1.4"),
            "between 0 and 1",
            id="caution-odds-ratio-not-a-reduction",
        ),
        pytest.param(
            2, lambda d: d["fracture_cautions"][0].update(forms=["MK-5"]), "unknown forms", id="caution-unknown-form"
        ),
        pytest.param(2, lambda d: d["fracture_cautions"][0].update(citations=[]), "no citations", id="caution-uncited"),
        pytest.param(
            2,
            lambda d: d["fracture_cautions"].append(dict(d["fracture_cautions"][0])),
            "duplicate id",
            id="caution-twice",
        ),
    ],
)
def test_invalid_evidence_data_is_refused(file_index: int, change: Any, message: str, forms: FormRegistry) -> None:
    files = [load_file(name) for name in DATA_FILES]
    files[file_index] = _broken(files[file_index], change)
    with pytest.raises(DataError, match=message):
        build_registry(forms, *files[1:])


@pytest.mark.parametrize("name", [pytest.param(name, id=name) for name in HASHED_FILES])
def test_data_hash_covers_every_file_a_result_depends_on(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document's `data` hash changes when the lexicon, a product or any data file changes."""
    import kcheck.data

    for shipped in HASHED_FILES:
        (tmp_path / shipped).write_bytes((data_dir() / shipped).read_bytes())
    monkeypatch.setattr(kcheck.data, "data_dir", lambda: tmp_path)
    kcheck.data.data_hash.cache_clear()
    try:
        before = kcheck.data.data_hash()
        with (tmp_path / name).open("a", encoding="utf-8") as edited:
            edited.write("\n# edited\n")
        kcheck.data.data_hash.cache_clear()
        assert kcheck.data.data_hash() != before
    finally:
        kcheck.data.data_hash.cache_clear()
