"""MODEL: loaded data into typed, validated content (pydantic), every error explained at its place.

In: `SourceFile`s from LOAD. Out: a `Document` (document.yaml, its chapters and budget tables) and a `Theme`.
"""
