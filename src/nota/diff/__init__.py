"""DIFF: compare two versions of each document and write a redlined review page for each that changed.

In: two project versions (git revisions or folders), each run through the same check recipe as `build`.
Out: output/diff/, one standalone page per changed document and an index.
"""
