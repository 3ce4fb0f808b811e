"""Fault injection, models: a model file that passes its checksum (whoever wrote it also wrote
the .sha256) but is damaged or tampered with is refused with a clear message, never a
BadZipFile, KeyError or IndexError, in the library and through the CLI."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from corpus_search.cli import app
from corpus_search.errors import ModelNotFound
from corpus_search.sentiment.model import default_model_path, load_model

Arrays = dict[str, np.ndarray]


def _packaged() -> tuple[dict, Arrays]:  # type: ignore[type-arg]
    with np.load(default_model_path(), allow_pickle=False) as npz:
        return json.loads(str(npz["meta"])), {k: npz[k] for k in npz.files if k != "meta"}


def _npz(meta: object, arrays: Arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, meta=np.array(json.dumps(meta)), **arrays)  # type: ignore[arg-type]
    return buf.getvalue()


def _edit(change: Callable[[dict, Arrays], None]) -> bytes:  # type: ignore[type-arg]
    meta, arrays = _packaged()
    change(meta, arrays)
    return _npz(meta, arrays)


def _pop(key: str) -> Callable[[dict, Arrays], None]:  # type: ignore[type-arg]
    return lambda meta, arrays: arrays.pop(key)


def _set_meta(key: str, value: object) -> Callable[[dict, Arrays], None]:  # type: ignore[type-arg]
    return lambda meta, arrays: meta.__setitem__(key, value)


def _set_feature(key: str, value: object) -> Callable[[dict, Arrays], None]:  # type: ignore[type-arg]
    return lambda meta, arrays: meta["features"].__setitem__(key, value)


def _set_array(key: str, value: Callable[[np.ndarray], np.ndarray]) -> Callable[[dict, Arrays], None]:  # type: ignore[type-arg]
    return lambda meta, arrays: arrays.__setitem__(key, value(arrays[key]))


def _meta_only_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("meta.npy", b"not an array")
    return buf.getvalue()


def _nan(a: np.ndarray) -> np.ndarray:
    b = a.copy()
    b.flat[0] = np.nan
    return b


TAMPERED: dict[str, Callable[[], bytes]] = {
    "not a zip": lambda: b"this is not a model",
    "empty": lambda: b"",
    "truncated": lambda: default_model_path().read_bytes()[:5000],
    "bit-flipped": lambda: bytes(b ^ 0x20 if i % 997 == 0 else b for i, b in enumerate(default_model_path().read_bytes())),
    "zip without arrays": _meta_only_zip,
    "meta not json": lambda: _npz_raw_meta(b"{not json"),
    "meta a list": lambda: _npz([1, 2, 3], _packaged()[1]),
    "no coef": lambda: _edit(_pop("coef")),
    "no idf_char": lambda: _edit(_pop("idf_char")),
    "no calibration": lambda: _edit(_pop("calib_a")),
    "coef rows": lambda: _edit(_set_array("coef", lambda a: a[:2])),
    "coef columns": lambda: _edit(_set_array("coef", lambda a: a[:, :100])),
    "coef 1-d": lambda: _edit(_set_array("coef", lambda a: a[0])),
    "coef NaN": lambda: _edit(_set_array("coef", _nan)),
    "coef text": lambda: _edit(_set_array("coef", lambda a: np.array(["a", "b", "c"]))),
    "intercept shape": lambda: _edit(_set_array("intercept", lambda a: a[:1])),
    "idf_word shape": lambda: _edit(_set_array("idf_word", lambda a: a[:10])),
    "classes short": lambda: _edit(_set_meta("classes", ["positive"])),
    "classes unknown": lambda: _edit(_set_meta("classes", ["good", "bad", "ugly"])),
    "classes not a list": lambda: _edit(_set_meta("classes", "negative")),
    "link": lambda: _edit(_set_meta("link", "tanh")),
    "format": lambda: _edit(_set_meta("format_version", 99)),
    "no features": lambda: _edit(_set_meta("features", None)),
    "n_features text": lambda: _edit(_set_feature("n_features", "many")),
    "n_features huge": lambda: _edit(_set_feature("n_features", 2**40)),
    "ngrams": lambda: _edit(_set_feature("word_ngrams", [3])),
    "lexicon": lambda: _edit(_set_feature("lexicon", {"positive": 5})),
}


def _npz_raw_meta(meta: bytes) -> bytes:
    _, arrays = _packaged()
    buf = io.BytesIO()
    np.savez(buf, meta=np.frombuffer(meta, dtype="S1"), **arrays)  # type: ignore[arg-type]
    return buf.getvalue()


def _install(path: Path, data: bytes) -> Path:
    """Write a model and a checksum that matches it, as a tamperer would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.with_name(path.name + ".sha256").write_text(hashlib.sha256(data).hexdigest() + "\n")
    return path


@pytest.mark.parametrize("kind", sorted(TAMPERED))
def test_a_tampered_model_is_refused_in_words(tmp_path: Path, kind: str) -> None:
    path = _install(tmp_path / "sentiment-model.npz", TAMPERED[kind]())
    with pytest.raises(ModelNotFound) as caught:
        load_model(path)
    message = str(caught.value)
    assert "retrain with `corpus-search train`" in message
    assert "\n" not in message


def test_the_packaged_model_still_loads_and_a_copy_of_it_too(tmp_path: Path) -> None:
    model = load_model()
    assert model.predict(["The inspectors praised the council."])[0][0] in ("positive", "negative", "neutral")
    assert load_model(_install(tmp_path / "m.npz", default_model_path().read_bytes())).classes == model.classes


@pytest.mark.parametrize("kind", ["truncated", "coef rows", "classes short"])
def test_the_cli_refuses_a_tampered_model_in_the_index_home(tmp_path: Path, kind: str) -> None:
    home = tmp_path / "index"
    _install(home / "sentiment-model.npz", TAMPERED[kind]())
    result = CliRunner().invoke(app, ["--index", str(home), "classify", "The service is good."])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "sentiment model" in result.output and "Traceback" not in result.output
