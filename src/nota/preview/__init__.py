"""PREVIEW: `nota preview`, a local web server that renders the documents again on every save.

In: the project folder (content/, templates/, nota's own templates). Out: HTTP on 127.0.0.1: each
document's HTML edition from memory, with a small script and an overlay of its problems added to
what the server sends, and its PDF typeset in the background. It writes nothing to disk.
"""
