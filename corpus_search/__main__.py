from corpus_search.cli import run

run()
