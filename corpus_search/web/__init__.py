"""The web interface and HTTP API (`corpus-search serve`).

Nothing is imported here: Starlette, Jinja2 and uvicorn load only when `serve` runs
(`corpus_search.web.app.create_app`, `corpus_search.web.server.serve`), so `search`, `who` and
`show` start as fast as before. Every call into the library goes through `web.data`.
"""
