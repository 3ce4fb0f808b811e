"""`classify`, `train` and `evaluate`: the judgement-sentiment model from the command line."""

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from corpus_search.cli.app import State, app, emit_json, handles_errors


# ---- sentiment ---------------------------------------------------------------------------
@app.command()
@handles_errors
def classify(
    texts: Annotated[
        list[str] | None, typer.Argument(help="Sentences to classify; none reads standard input, one per line.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per input line.")] = False,
) -> None:
    """Judgement sentiment (positive / negative / neutral) of each TEXT or each line of standard input.

    Example: echo "The service was rated inadequate." | corpus-search classify --json
    """
    from corpus_search.sentiment.runtime import load_for_index

    model = load_for_index(State.settings.index_dir)

    def emit(chunk: list[str]) -> None:
        out = []
        for text, (label, scores) in zip(chunk, model.predict(chunk)):
            if as_json:
                out.append(json.dumps({"text": text, "label": label, "scores": scores}, ensure_ascii=False))
            else:
                out.append(f"{label}\t{scores[label]:.2f}\t{text}")
        sys.stdout.write("\n".join(out) + "\n")

    if texts:
        emit(list(texts))
        return
    chunk: list[str] = []
    for line in sys.stdin:
        chunk.append(line.rstrip("\n").rstrip("\r"))
        if len(chunk) >= 2000:
            emit(chunk)
            chunk = []
    if chunk:
        emit(chunk)


@app.command()
@handles_errors
def train(
    data: Annotated[Path, typer.Option(help="Labelled sentences: JSONL or CSV with text,label.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the model comparison as JSON.")] = False,
) -> None:
    """Train the judgement-sentiment classifier on your own labels; it then serves this index home.

    Compares several classifiers by cross-validation and keeps the best.
    Example: corpus-search train --data my-labels.csv
    """
    from corpus_search.sentiment.train import read_labelled, train_best

    settings = State.settings
    texts, labels = read_labelled(data)
    model, comparison = train_best(texts, labels)
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    model.save(settings.user_model_path)
    if as_json:
        chosen = model.info.get("name") if model.info else None
        emit_json({"model": str(settings.user_model_path), "chosen": chosen, "comparison": comparison})
        return
    for row in comparison:
        typer.echo(f"{row['name']:>28}: macro-F1 {row['macro_f1']:.3f} ± {row['std']:.3f}")
    typer.echo(f"kept {model.info.get('name') if model.info else '?'}; saved to {settings.user_model_path}")


@app.command()
@handles_errors
def evaluate(
    data: Annotated[Path, typer.Option(help="Labelled sentences: JSONL or CSV with text,label.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score the classifier this index home uses against labelled sentences.

    Prints per-class precision, recall, F1 and a confusion matrix.
    Example: corpus-search evaluate --data data/sentiment/heldout.jsonl
    """
    from corpus_search.sentiment.runtime import load_for_index
    from corpus_search.sentiment.train import evaluate as run
    from corpus_search.sentiment.train import format_evaluation, read_labelled

    texts, labels = read_labelled(data)
    model = load_for_index(State.settings.index_dir)
    result = run(model, texts, labels)
    if as_json:
        emit_json(result)
    else:
        typer.echo(format_evaluation(result))
