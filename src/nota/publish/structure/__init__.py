"""PUBLISH stage, the PDF's structure tree rebuilt after typesetting (PDF/UA-1, PDF/A-2a).

In: the PDF WeasyPrint wrote, the HTML tree it typeset, the font files. Out: the same pages with a
structure tree that follows the HTML, page furniture as Artifacts, repaired ToUnicode maps and XMP.
`rebuild.fix` is the entry point; it raises `TreeError` rather than write a tree it cannot vouch for.
"""
