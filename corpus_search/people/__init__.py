"""People across the corpus: identity (pure functions over every document's people) and the
user's corrections to it."""
