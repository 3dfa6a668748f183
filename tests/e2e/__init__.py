"""The browser tests: a package, so that the demo they share is loaded once for them
and gone before the next folder's tests (a package-scoped fixture of a plain folder
lives for the whole session)."""
