"""The judgement-sentiment dataset, model, and the classify / train / evaluate commands."""
from __future__ import annotations

import json
import shutil
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from corpus_search.cli import app
from corpus_search.errors import ModelNotFound
from corpus_search.sentiment import LABELS, default_model_path, load_model
from corpus_search.sentiment.runtime import document_label, document_verdict
from corpus_search.sentiment.train import CANDIDATES, fit
from tests.paths import ROOT

DATA = ROOT / "data" / "sentiment" / "sentences.jsonl"
SEED_GOLD = ROOT.parent / "shared" / "eval" / "seeds" / "sentiment.jsonl"
runner = CliRunner()


@pytest.fixture(scope="module")
def dataset():
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_dataset_loads_and_is_balanced(dataset):
    assert len(dataset) >= 1000
    counts = Counter(r["label"] for r in dataset)
    assert set(counts) == set(LABELS)
    assert min(counts.values()) / max(counts.values()) > 0.6, counts
    assert len({r["text"] for r in dataset}) == len(dataset), "duplicate sentences"


def test_dataset_has_a_fixed_heldout_split(dataset):
    from scripts.build_sentiment_model import split_of

    splits = Counter(r["split"] for r in dataset)
    assert set(splits) == {"train", "heldout"} and 0.15 < splits["heldout"] / len(dataset) < 0.25
    assert all(r["split"] == split_of(r["text"]) for r in dataset)


def test_seed_sentences_are_not_in_training(dataset):
    if not SEED_GOLD.exists():
        pytest.skip("the seeds' gold is not beside this checkout")
    seeds = {" ".join(json.loads(x)["text"].split()) for x in SEED_GOLD.read_text(encoding="utf-8").splitlines() if x.strip()}
    assert not seeds & {" ".join(r["text"].split()) for r in dataset}


@pytest.mark.parametrize("name", [n for n in CANDIDATES if "direction" in n])
def test_training_is_deterministic(dataset, name):
    rows = dataset[::12]
    texts, labels = [r["text"] for r in rows], [r["label"] for r in rows]
    a, b = fit(texts, labels, name), fit(texts, labels, name)
    assert np.array_equal(a.coef, b.coef) and np.array_equal(a.intercept, b.intercept)
    for x, y in ((a.calib_a, b.calib_a), (a.calib_b, b.calib_b)):
        assert (x is None and y is None) or np.array_equal(x, y)
    probe = ["Costs rose sharply.", "Attainment improved again."]
    assert np.array_equal(a.predict_proba(probe), b.predict_proba(probe))


def test_packaged_model_loads_and_judges_obvious_cases():
    model = load_model()
    labels = [label for label, _ in model.predict([
        "Ofsted rated the service inadequate and found widespread and serious failures.",
        "Inspectors praised the outstanding leadership and the service is now rated good.",
        "The committee will next meet on 4 March at the Civic Centre.",
    ])]
    assert labels == ["negative", "positive", "neutral"]


def test_save_and_load_round_trip(tmp_path, dataset):
    rows = dataset[:200]
    model = fit([r["text"] for r in rows], [r["label"] for r in rows])
    path = model.save(tmp_path / "m.npz")
    again = load_model(path)
    probe = ["Services were judged inadequate.", "The meeting closed at 8pm."]
    assert np.allclose(model.predict_proba(probe), again.predict_proba(probe))


def test_tampered_model_file_is_refused(tmp_path):
    path = tmp_path / "sentiment-model.npz"
    shutil.copy(default_model_path(), path)
    shutil.copy(str(default_model_path()) + ".sha256", str(path) + ".sha256")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelNotFound, match="does not match its checksum"):
        load_model(path)


def test_model_with_pickled_objects_is_refused_even_with_matching_hash(tmp_path):
    import hashlib

    path = tmp_path / "sentiment-model.npz"
    np.savez(path, meta=np.array([{"evil": object()}], dtype=object))
    (tmp_path / "sentiment-model.npz.sha256").write_text(hashlib.sha256(path.read_bytes()).hexdigest())
    with pytest.raises(ModelNotFound, match="not a valid model file"):
        load_model(path)


def test_model_without_checksum_is_refused(tmp_path):
    path = tmp_path / "sentiment-model.npz"
    shutil.copy(default_model_path(), path)
    with pytest.raises(ModelNotFound, match="no .sha256"):
        load_model(path)


def test_document_label_weighs_verdicts():
    neutral = {"positive": 0.05, "negative": 0.05, "neutral": 0.9}
    good = {"positive": 0.9, "negative": 0.05, "neutral": 0.05}
    bad = {"positive": 0.05, "negative": 0.9, "neutral": 0.05}
    assert document_label([good, neutral, bad, good, neutral])[0] == "positive"
    assert document_label([bad, neutral, neutral, neutral, neutral])[0] == "negative"
    assert document_label([neutral] * 6)[0] == "neutral"
    assert document_label([])[0] == "neutral"


def test_classify_stdin_one_line_out_per_line_in(tmp_path):
    lines = ["The service was rated inadequate.", "", "Inspectors praised the vastly improved service.", "Agenda item 4."]
    result = runner.invoke(app, ["--index", str(tmp_path / "none"), "classify", "--json"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [o["text"] for o in out] == lines
    assert out[1]["label"] == "neutral" and out[0]["label"] == "negative" and out[2]["label"] == "positive"
    assert all(set(o["scores"]) == set(LABELS) for o in out)


def test_classify_arguments_plain_output(tmp_path):
    result = runner.invoke(app, ["--index", str(tmp_path / "none"), "classify", "Caseloads came down and practice is now good."])
    assert result.exit_code == 0 and result.stdout.startswith("positive\t")


def test_train_then_evaluate_through_the_cli(tmp_path, dataset):
    data = tmp_path / "labels.csv"
    import csv

    with data.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "label"])
        for r in dataset[:240]:
            writer.writerow([r["text"], r["label"]])
    home = tmp_path / "home"
    trained = runner.invoke(app, ["--index", str(home), "train", "--data", str(data), "--json"])
    assert trained.exit_code == 0, trained.output
    info = json.loads(trained.stdout)
    assert (home / "sentiment-model.npz").exists() and len(info["comparison"]) >= 3
    evaluated = runner.invoke(app, ["--index", str(home), "evaluate", "--data", str(data)])
    assert evaluated.exit_code == 0
    assert "macro-F1" in evaluated.stdout and "confusion" in evaluated.stdout
    as_json = json.loads(runner.invoke(app, ["--index", str(home), "evaluate", "--data", str(data), "--json"]).stdout)
    assert set(as_json["per_class"]) == set(LABELS) and len(as_json["confusion"]["matrix"]) == 3


@pytest.mark.parametrize(
    "content, message",
    [("text,label\nfine,great\n", "label 'great'"), ("text,label\nonly one,positive\n", "at least two labels"), ("a,b\n1,2\n", "text and label")],
)
def test_train_rejects_bad_data(tmp_path, content, message):
    data = tmp_path / "bad.csv"
    data.write_text(content)
    result = runner.invoke(app, ["--index", str(tmp_path / "h"), "train", "--data", str(data)])
    assert result.exit_code == 2 and message in result.stderr


def test_search_sentiment_filter(built_index):
    settings, _ = built_index
    result = runner.invoke(app, ["--index", str(settings.index_dir), "search", "Ofsted", "--sentiment", "negative", "--json"])
    assert result.exit_code == 0
    assert all(r["sentiment"] == "negative" for r in json.loads(result.stdout)["results"])


def test_lexicon_counts_cues_flips_negated_ones_and_ignores_procedural_names():
    from corpus_search.sentiment.lexicon import Lexicon

    lex = Lexicon()
    assert lex.counts("services were judged inadequate") == (0, 1)
    assert lex.counts("the service is no longer inadequate") == (1, 0)
    assert lex.counts("the committee noted the improvement plan") == (0, 0)
    assert lex.counts("inspectors found very limited improvement")[1] >= 1
    # a cue inside a longer cue of the other side counts once, on the longer cue's side
    assert lex.counts("the school requires improvement") == (0, 1)
    assert lex.counts("practice is not yet good") == (0, 1)
    assert lex.counts("the school no longer requires improvement") == (1, 0)
    assert lex.counts("supervision is not always regular") == (0, 1)  # the inspection register


def test_lexicon_is_saved_inside_the_model(tmp_path, dataset):
    rows = dataset[:150]
    model = fit([r["text"] for r in rows], [r["label"] for r in rows], "linear-svm word+char+lexicon (calibrated)")
    again = load_model(model.save(tmp_path / "lex.npz"))
    assert again.features.lexicon is not None
    assert again.features.lexicon.to_config() == model.features.lexicon.to_config()


def test_document_of_procedure_with_a_stray_verdict_is_neutral():
    neutral = {"positive": 0.05, "negative": 0.05, "neutral": 0.9}
    bad = {"positive": 0.05, "negative": 0.9, "neutral": 0.05}
    assert document_label([neutral] * 8 + [bad] + [neutral] * 11)[0] == "neutral"


def test_document_lead_outweighs_a_recalled_failure():
    good = {"positive": 0.9, "negative": 0.05, "neutral": 0.05}
    bad = {"positive": 0.05, "negative": 0.9, "neutral": 0.05}
    neutral = {"positive": 0.05, "negative": 0.05, "neutral": 0.9}
    assert document_label([good, good, neutral, neutral, neutral, bad, bad, neutral, good, bad])[0] == "positive"


# ---- what rose or fell ---------------------------------------------------------------------
DIRECTION_CASES = [
    ("The cost of temporary accommodation rose by 18% this year.", "negative"),
    ("Costs rose again in the second quarter.", "negative"),
    ("Attainment at key stage 2 rose for the third year running.", "positive"),
    ("Operating profit rose to EUR 13.1 mn from EUR 8.7 mn.", "positive"),
    ("Pre-tax profits rose by 12% in the first half.", "positive"),
    ("Waiting lists for social housing fell by a quarter.", "positive"),
    ("Net sales decreased by 5% to EUR 25.3 million.", "negative"),
    ("Demand for adult social care increased sharply over the winter.", "negative"),
    ("Complaints about missed bins reduced by half after the new rounds began.", "positive"),
    ("The operating loss narrowed to EUR 1.2 million.", "positive"),
]


@pytest.mark.parametrize("text, label", DIRECTION_CASES)
def test_packaged_model_reads_what_rose_or_fell(text, label):
    predicted, scores = load_model().predict([text])[0]
    assert predicted == label, scores


def test_direction_counts_pair_the_direction_with_its_measure():
    from corpus_search.sentiment.direction import Direction

    d = Direction()
    assert d.counts("Costs rose.") == (0, 1)
    assert d.counts("Profits rose.") == (1, 0)
    assert d.counts("There was a sharp rise in rough sleeping.") == (0, 1)  # the measure follows
    assert d.counts("Fewer families are in bed and breakfast.") == (1, 0)
    assert d.counts("Costs did not rise this year.") == (1, 0)  # negated
    assert d.counts("The population of the district rose to 140,000.") == (0, 0)  # no valence
    assert d.counts("Councillor Fell presented the report on costs.") == (0, 0)  # a name
    assert d.counts("Net sales increased, but costs rose faster.") == (1, 1)  # one pairing per clause
    # the head of the noun phrase, not the nearest measure word, is what changed
    assert d.counts("Contamination in recycling bins has dropped.") == (1, 0)
    assert d.counts("Missed home care visits fell by 70 per cent.") == (1, 0)
    assert d.counts("The gap in attainment between boys and girls narrowed.") == (1, 0)
    assert Direction(head="nearest").counts("Contamination in recycling bins has dropped.") == (0, 1)


@pytest.mark.parametrize("text, main", [
    ("Although pupils enjoy their clubs, the quality of education remains weak.", "the quality of education remains weak."),
    ("Staff were caring, but the provider had failed to act.", "the provider had failed to act."),
    ("Despite some recent progress, too many children wait too long.", "too many children wait too long."),
    ("The service has improved, although waits remain long.", "The service has improved"),
    ("Some progress has been made; however, it is too slow.", "it is too slow."),
    ("The council owns 9,500 homes.", None),
    ("While.", None),
])
def test_main_clause_of_a_contrast(text, main):
    from corpus_search.sentiment.contrast import main_clause

    assert main_clause(text) == main


def test_direction_lists_are_saved_inside_the_model(tmp_path, dataset):
    rows = dataset[::20]
    model = fit([r["text"] for r in rows], [r["label"] for r in rows])
    again = load_model(model.save(tmp_path / "dir.npz"))
    assert again.features.direction is not None
    assert again.features.direction.to_config() == model.features.direction.to_config()


# ---- abstention ----------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "No.", "Yes.", "Agreed.", "Noted.", "7.30pm", "Item 4", "4.2", "Page 14 of 32", "Wednesday, 6 March 2024",
    "Present: Cllr J Marsh (Chair), Cllr P Singh, Cllr L Okafor, Cllr R Doyle",
    "Mrs K Holloway, Mr T Ramsay, Ms A Lutz", "Adult Social Care Performance Report", "Minute 42/24 – Finance",
    "Welcome and apologies", "Apologies for absence", "Chair's welcome",
    "News | Bins, rubbish and recycling", "Share this page: Facebook | X | Email", "Kompan | Playground Inspection | 107.06 | 17.84",
])
def test_nothing_to_judge_is_neutral_with_high_confidence(text):
    label, scores = load_model().predict([text])[0]
    assert label == "neutral" and scores["neutral"] >= 0.9, scores


def test_short_lines_with_a_verdict_are_still_judged():
    from corpus_search.sentiment.abstain import ABSTAIN_SCORES, nothing_to_judge

    predictions = load_model().predict(["Inadequate.", "Good progress.", "Costs rose.", "Excellent."])
    assert [label for label, _ in predictions] == ["negative", "positive", "negative", "positive"]
    assert all(scores != ABSTAIN_SCORES for _, scores in predictions)
    assert not nothing_to_judge("The committee noted the report and agreed the recommendations.")


# ---- document labels -------------------------------------------------------------------------
_probs = st.lists(st.floats(0, 1), min_size=3, max_size=3).filter(lambda v: sum(v) > 0).map(
    lambda v: dict(zip(("positive", "negative", "neutral"), (x / sum(v) for x in v))))


@given(st.lists(_probs, max_size=60))
def test_document_label_is_the_argmax_of_its_scores(sentence_scores):
    verdict = document_verdict(sentence_scores)
    best = max(verdict.scores.values())
    assert verdict.scores[verdict.label] == best
    assert abs(sum(verdict.scores.values()) - 1) < 1e-3
    assert (verdict.label, verdict.scores) == document_label(sentence_scores)
    sign = {"positive": 1, "negative": -1}.get(verdict.label)
    if sign is None:
        assert verdict.verdict_sentences == []
    else:
        assert verdict.verdict_sentences, "a positive or negative label is carried by some sentence"
        for i in verdict.verdict_sentences:
            s = sentence_scores[i]
            assert np.sign(s["positive"] - s["negative"]) == sign


def test_every_ingested_document_label_is_the_argmax_of_its_scores(store):
    docs = list(store.documents())
    assert docs
    for doc in docs:
        scores = doc["sentiment_scores"]
        assert scores[doc["sentiment"]] == max(scores.values()), doc["doc_id"]


def test_annotate_fills_verdict_sentences():
    from corpus_search.models import Document, Facts, Processed, Sentence, Source
    from corpus_search.sentiment.runtime import annotate

    texts = ["Inspectors rated the service outstanding and praised its leaders.", "The meeting closed at 9pm.",
             "Every school in the district is now rated good or better.", "Apologies were received from Cllr Ash."]
    facts = Facts(sentences=[Sentence(t, 0, len(t), "neutral", {}) for t in texts])
    item = Processed(source=Source.__new__(Source), document=Document.__new__(Document), facts=facts)
    annotate([item], load_model())
    assert facts.sentiment == "positive"
    assert facts.verdict_sentences == [0, 2]
    assert facts.sentiment_scores[facts.sentiment] == max(facts.sentiment_scores.values())


# ---- fast paths equal the plain computation ------------------------------------------------
@settings(deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("aAbé İ'-.,\n\t 1"), max_size=30), min_size=1, max_size=6))
def test_character_ngrams_per_distinct_word_equal_the_vectoriser(texts):
    features = load_model().features
    assert features.char is not None
    plain, fast = features.char.transform(texts), features._char_counts(texts)
    assert plain.shape == fast.shape
    assert (plain != fast).nnz == 0


@settings(deadline=None)
@given(st.lists(st.sampled_from(["rose", "Fell", "went up", "up", "fewer", "lowest", "cut", "s", " ", ".", "x"]), max_size=20))
def test_direction_trie_finds_what_the_flat_alternation_finds(text):
    import re

    from corpus_search.sentiment.direction import DOWN, UP, Direction

    flat = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(set(UP + DOWN), key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)
    text = "".join(text)
    assert [m.span() for m in Direction()._dir.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_contrast_columns_count_the_main_clause_only():
    from corpus_search.sentiment.model import Featuriser
    from corpus_search.sentiment.train import _with_contrast

    f = Featuriser(_with_contrast(0.5, 1.0, 1.0))
    cues = f.cues(["Although staff were kind, the home was rated inadequate.",
                   "Some files were out of date, but the service is now good.",
                   "The home was rated inadequate."])
    assert cues.shape == (3, 6)
    assert list(cues[0, 4:]) == [0, 1]  # the main clause: inadequate
    assert list(cues[1, 4:]) == [1, 0]  # after "but": good
    assert list(cues[2, 4:]) == [0, 0]  # no contrast


def test_a_model_saved_before_the_head_rule_keeps_reading_the_nearest_measure(tmp_path, dataset):
    rows = dataset[::25]
    model = fit([r["text"] for r in rows], [r["label"] for r in rows])
    path = model.save(tmp_path / "m.npz")
    assert load_model(path).features.direction.head == "first"  # type: ignore[union-attr]
    old = dict(model.features.config)
    old["direction"] = {k: v for k, v in old["direction"].items() if k != "head"}
    model.features.config = old
    again = load_model(model.save(tmp_path / "old.npz"))
    assert again.features.direction.head == "nearest"  # type: ignore[union-attr]
