"""PUBLISH: typeset the print HTML into the PDF (in a guarded worker), check its layout, write the output.

In: rendered files in memory. Out: output/<document>/, written all or nothing.
"""
