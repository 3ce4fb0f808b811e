from corpus_search.cli import app

app(prog_name="corpus-search")
